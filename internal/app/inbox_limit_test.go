package app_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// inboxCountStore answers InboxCount as a test arranges: n, err, or not
// before the caller gives up (a database that hangs).
type inboxCountStore struct {
	store.Store
	n     int
	err   error
	hangs bool
	calls int
	added []int // each call's N
}

func (s *inboxCountStore) InboxCount(ctx context.Context, p *store.InboxCountParams) (int, error) {
	s.calls++
	s.added = append(s.added, p.N)
	if s.hangs {
		<-ctx.Done()
		return 0, ctx.Err()
	}
	return s.n, s.err
}

func (s *inboxCountStore) InboxCountForget(context.Context, time.Time) error { return nil }

func newInboxApp(t *testing.T, st *inboxCountStore, log *bytes.Buffer) *app.App {
	t.Helper()
	inner, err := sqlite.Open(context.Background(), storetest.SQLitePath(t), store.JobsConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = inner.Close() })
	st.Store = inner
	now := time.Date(2026, 12, 7, 3, 0, 3, 0, time.UTC)
	return app.New(app.Config{Store: st, BaseURL: "https://coop.example", Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(log, nil))})
}

func TestInboxSharedLimitRefusesPastTheWindowsCount(t *testing.T) {
	t.Parallel()
	st := &inboxCountStore{n: 6}
	a := newInboxApp(t, st, new(bytes.Buffer))
	wait, ok := a.InboxAllowShared(context.Background(), "busy.example", 5)
	require.False(t, ok, "the 6th POST of a window allowing 5")
	require.Equal(t, 7*time.Second, wait, "3 s into a 10 s window: wait for the next")
	st.n = 5
	_, ok = a.InboxAllowShared(context.Background(), "busy.example", 5)
	require.True(t, ok, "the 5th is within the limit")
}

func TestInboxSharedLimitFailsOpen(t *testing.T) {
	t.Parallel()
	var log bytes.Buffer
	st := &inboxCountStore{err: errors.New("connection refused")}
	a := newInboxApp(t, st, &log)
	for range 3 {
		_, ok := a.InboxAllowShared(context.Background(), "busy.example", 5)
		require.True(t, ok, "a database that fails must not refuse the inbox")
	}
	require.Equal(t, 1, strings.Count(log.String(), "level=WARN"), "one warning a minute, not one a POST: %s", log.String())
	require.Contains(t, log.String(), "connection refused")

	st.err, st.hangs = nil, true
	_, ok := a.InboxAllowShared(context.Background(), "busy.example", 5)
	require.True(t, ok, "nor one that does not answer")
}

func TestInboxSharedLimitNotAskedAgainWhereNotShared(t *testing.T) {
	t.Parallel()
	st := &inboxCountStore{err: store.ErrNotShared}
	a := newInboxApp(t, st, new(bytes.Buffer))
	for range 3 {
		_, ok := a.InboxAllowShared(context.Background(), "busy.example", 5)
		require.True(t, ok)
	}
	require.Equal(t, 1, st.calls, "one process counts in memory: no round trip a POST")
}

func TestInboxSharedLimitCountsABurstInBatches(t *testing.T) {
	t.Parallel()
	st := &inboxCountStore{}
	a := newInboxApp(t, st, new(bytes.Buffer))
	for i := range 25 {
		st.n = i + 1 // the shared count, as if no other node counted
		_, ok := a.InboxAllowShared(context.Background(), "busy.example", 500)
		require.True(t, ok)
	}
	require.Equal(t, []int{10, 10}, st.added, "25 POSTs within an allowance of 500: two writes of ten, five pending")
}

func TestInboxSharedLimitCountsEachPOSTNearTheLimit(t *testing.T) {
	t.Parallel()
	st := &inboxCountStore{}
	a := newInboxApp(t, st, new(bytes.Buffer))
	allow := func() bool {
		_, ok := a.InboxAllowShared(context.Background(), "busy.example", 500)
		return ok
	}
	st.n = 499 // what the first batch reads back: the other nodes counted most of the window
	for range 10 {
		require.True(t, allow())
	}
	require.True(t, allow(), "the 500th, by the count last read, waits in the next batch")
	require.Equal(t, []int{10}, st.added)
	st.n = 501
	require.False(t, allow(), "the next would pass the allowance: counted at once, and refused")
	require.False(t, allow())
	require.Equal(t, []int{10, 2, 1}, st.added, "past the allowance every POST is counted")
}
