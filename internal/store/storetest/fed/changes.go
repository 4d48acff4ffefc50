package fed

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
)

// noticeWait bounds how long a notice may take to reach another node: a
// NOTIFY arrives in milliseconds, so this only stops a broken test.
const noticeWait = 10 * time.Second

func runChanges(t *testing.T, h Harness) {
	t.Run("ChangesAfterCommit", func(t *testing.T) { t.Parallel(); testChangesAfterCommit(t, h) })
	t.Run("ChangesReachOtherNodes", func(t *testing.T) { t.Parallel(); testChangesReachOtherNodes(t, h) })
	t.Run("ChangesListenerReconnects", func(t *testing.T) { t.Parallel(); testChangesListenerReconnects(t, h) })
}

// inbox collects a subscriber's notices and misses.
type inbox struct {
	notices chan string
	missed  chan struct{}
}

func subscribe(t *testing.T, s store.Store, topic string) (*inbox, func()) {
	t.Helper()
	in := &inbox{notices: make(chan string, 64), missed: make(chan struct{}, 8)}
	ctx, cancel := context.WithTimeout(context.Background(), noticeWait)
	defer cancel()
	stop, err := s.Subscribe(ctx, topic, store.Subscriber{
		Notice: func(p string) { in.notices <- p },
		Missed: func() { in.missed <- struct{}{} },
	})
	require.NoError(t, err)
	t.Cleanup(stop)
	return in, stop
}

// now is what has arrived already, without waiting.
func (in *inbox) now() []string {
	var out []string
	for {
		select {
		case p := <-in.notices:
			out = append(out, p)
		default:
			return out
		}
	}
}

// next waits for the next notice.
func (in *inbox) next(t *testing.T) string {
	t.Helper()
	select {
	case p := <-in.notices:
		return p
	case <-time.After(noticeWait):
		require.FailNow(t, "no notice arrived")
		return ""
	}
}

// testChangesAfterCommit: the sending process's subscribers have a notice
// when Notify, or the InTx that sent it, returns; not before the commit,
// never for a rolled-back transaction, and only on their topic.
func testChangesAfterCommit(t *testing.T, h Harness) {
	ctx := context.Background()
	b := setup(t, h)
	events, stopEvents := subscribe(t, b.store, "events")
	blocks, _ := subscribe(t, b.store, "blocks")

	require.NoError(t, b.store.Notify(ctx, "events", "gathering 1"))
	require.Equal(t, []string{"gathering 1"}, events.now(), "delivered here before Notify returns")
	require.Empty(t, blocks.now(), "a notice reaches only its topic's subscribers")

	require.NoError(t, b.store.InTx(ctx, func(tx store.Tx) error {
		require.NoError(t, tx.Notify(ctx, "events", "gathering 2"))
		require.NoError(t, tx.Notify(ctx, "blocks", ""))
		require.Empty(t, events.now(), "nothing before the commit")
		return nil
	}))
	require.Equal(t, []string{"gathering 2"}, events.now(), "delivered before InTx returns")
	require.Equal(t, []string{""}, blocks.now())

	errRollback := errors.New("roll back")
	err := b.store.InTx(ctx, func(tx store.Tx) error {
		require.NoError(t, tx.Notify(ctx, "events", "gathering 3"))
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	require.Empty(t, events.now(), "a rolled-back transaction sends nothing")

	stopEvents()
	require.NoError(t, b.store.Notify(ctx, "events", "gathering 4"))
	require.Empty(t, events.now(), "nothing after unsubscribing")

	require.ErrorIs(t, b.store.Notify(ctx, "", "x"), store.ErrNotice)
	require.ErrorIs(t, b.store.Notify(ctx, "events", strings.Repeat("x", store.MaxNoticeBytes)), store.ErrNotice)
	require.ErrorIs(t, b.store.InTx(ctx, func(tx store.Tx) error { return tx.Notify(ctx, "a\nb", "") }), store.ErrNotice)

	// The notices this process sent reached its subscribers once, not
	// again by way of the database: a notice from a second node, when
	// there can be one, comes next.
	if h.OpenAgain != nil {
		other := h.OpenAgain(t, b.store)
		require.NoError(t, other.Notify(ctx, "blocks", "from the other node"))
		require.Equal(t, "from the other node", blocks.next(t))
		require.Empty(t, blocks.now())
		require.Empty(t, events.now())
	}
	require.Empty(t, events.missed, "nothing was missed")
}

// testChangesReachOtherNodes: two Stores on one database are two nodes;
// each one's committed notices reach the other's subscribers, and a
// rolled-back transaction's do not.
func testChangesReachOtherNodes(t *testing.T, h Harness) {
	if h.OpenAgain == nil {
		t.Skip("this backend serves one process: its notices have no other node to reach")
	}
	ctx := context.Background()
	b := setup(t, h)
	other := h.OpenAgain(t, b.store)
	here, _ := subscribe(t, b.store, "events")
	there, _ := subscribe(t, other, "events")

	require.NoError(t, other.InTx(ctx, func(tx store.Tx) error {
		return tx.Notify(ctx, "events", "changed there")
	}))
	require.Equal(t, "changed there", here.next(t))
	require.Equal(t, []string{"changed there"}, there.now(), "the sender's own subscribers have it at once")

	require.NoError(t, b.store.Notify(ctx, "events", "changed here"))
	require.Equal(t, "changed here", there.next(t))
	require.Equal(t, []string{"changed here"}, here.now())

	errRollback := errors.New("roll back")
	require.ErrorIs(t, other.InTx(ctx, func(tx store.Tx) error {
		require.NoError(t, tx.Notify(ctx, "events", "rolled back"))
		return errRollback
	}), errRollback)
	require.NoError(t, other.InTx(ctx, func(tx store.Tx) error {
		return tx.Notify(ctx, "events", "committed after")
	}))
	require.Equal(t, "committed after", here.next(t), "the rolled-back transaction sent nothing")
	require.Equal(t, []string{"committed after"}, there.now())
}

// testChangesListenerReconnects: when the connection listening for a
// node's notices drops, the node listens again and tells its subscribers
// they may have missed some, then has the notices sent after.
func testChangesListenerReconnects(t *testing.T, h Harness) {
	if h.DropListener == nil {
		t.Skip("this backend has no connection listening for notices to drop")
	}
	ctx := context.Background()
	b := setup(t, h)
	other := h.OpenAgain(t, b.store)
	here, _ := subscribe(t, b.store, "events")

	require.NoError(t, h.DropListener(ctx, b.store))
	select {
	case <-here.missed:
	case <-time.After(noticeWait):
		require.FailNow(t, "the subscriber was not told it may have missed notices")
	}
	require.NoError(t, other.Notify(ctx, "events", "after the drop"))
	require.Equal(t, "after the drop", here.next(t), "listening again")
	require.Empty(t, here.missed, "one drop, one miss")
}
