package fed

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/app/apperr"
	"github.com/gather-coop/gather/internal/app/localurl"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/postgres"
	"github.com/gather-coop/gather/internal/store/sqlite"
	"github.com/gather-coop/gather/internal/store/storetest"
)

// TestABlockOnOneNodeAppliesOnTheOther: node B has read the block list
// (and would keep it for blockCacheTTL); node A blocks a domain, and B
// refuses it as soon as A's notice arrives. On SQLite the two services
// share the one process's store, and the notice is there when A's
// transaction returns.
func TestABlockOnOneNodeAppliesOnTheOther(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			stA, stB := twoNodes(t, db)
			now := func() time.Time { return time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC) } // never expires the list
			service := func(st store.Store) *Service {
				s := New(Config{Store: st, Logger: slog.New(slog.DiscardHandler), Now: now,
					URLs: localurl.URLs{Base: "https://events.example"}, SignatureMaxAge: time.Hour})
				require.NoError(t, s.FollowChanges(ctx))
				return s
			}
			a, b := service(stA), service(stB)
			const spam = "https://spam.example/users/x"
			require.NoError(t, b.CheckNotBlocked(ctx, spam))

			require.NoError(t, stA.InTx(ctx, func(tx store.Tx) error {
				if err := tx.DomainBlock(ctx, "spam.example", now()); err != nil {
					return err
				}
				return a.BlocksChanged(ctx, tx)
			}))
			deadline := time.Now().Add(10 * time.Second)
			for b.CheckNotBlocked(ctx, spam) == nil {
				require.True(t, time.Now().Before(deadline), "node B still lets spam.example in")
				time.Sleep(time.Millisecond)
			}
			require.ErrorIs(t, b.CheckNotBlocked(ctx, spam), apperr.ErrBlocked)
			// The control: a change that sends no notice stays unseen,
			// so the refusal above came from the notice.
			require.NoError(t, stA.DomainUnblock(ctx, "spam.example"))
			require.ErrorIs(t, b.CheckNotBlocked(ctx, spam), apperr.ErrBlocked)
		})
	}
}

// twoNodes opens the database twice for PostgreSQL (two nodes, each with
// its own listener) and once for SQLite (one process).
func twoNodes(t *testing.T, db string) (store.Store, store.Store) {
	t.Helper()
	ctx := context.Background()
	open := func(url string) store.Store {
		var st store.Store
		var err error
		if db == "postgres" {
			st, err = postgres.Open(ctx, url, store.JobsConfig{})
		} else {
			st, err = sqlite.Open(ctx, url, store.JobsConfig{})
		}
		require.NoError(t, err)
		t.Cleanup(func() { _ = st.Close() })
		return st
	}
	if db == "sqlite" {
		st := open(storetest.SQLitePath(t))
		require.NoError(t, st.Migrate(ctx))
		return st, st
	}
	url := storetest.PostgresURL(t)
	a := open(url)
	require.NoError(t, a.Migrate(ctx))
	return a, open(url)
}

// TestAnAccountBlockOnOneNodeAppliesOnTheOther: as for domains, node B
// keeps the blocked accounts it read until node A's notice says a block
// or an unblock committed.
func TestAnAccountBlockOnOneNodeAppliesOnTheOther(t *testing.T) {
	t.Parallel()
	for _, db := range []string{"sqlite", "postgres"} {
		t.Run(db, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			stA, stB := twoNodes(t, db)
			now := func() time.Time { return time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC) } // never expires the lists
			service := func(st store.Store) *Service {
				s := New(Config{Store: st, Logger: slog.New(slog.DiscardHandler), Now: now,
					URLs: localurl.URLs{Base: "https://events.example"}, SignatureMaxAge: time.Hour})
				require.NoError(t, s.FollowChanges(ctx))
				return s
			}
			a, b := service(stA), service(stB)
			const troll = "https://social.example/users/troll"
			blocked := func(s *Service) bool {
				t.Helper()
				yes, err := s.ActorBlocked(ctx, troll)
				require.NoError(t, err)
				return yes
			}
			waitFor := func(what string, cond func() bool) {
				t.Helper()
				deadline := time.Now().Add(10 * time.Second)
				for !cond() {
					require.True(t, time.Now().Before(deadline), what)
					time.Sleep(time.Millisecond)
				}
			}
			require.False(t, blocked(b))

			change := func(f func(tx store.Tx) error) {
				t.Helper()
				require.NoError(t, stA.InTx(ctx, func(tx store.Tx) error {
					if err := f(tx); err != nil {
						return err
					}
					return a.BlocksChanged(ctx, tx)
				}))
				a.InvalidateBlocks()
			}
			change(func(tx store.Tx) error { return tx.ActorBlock(ctx, troll, now()) })
			require.True(t, blocked(a), "the node that blocked sees it at once")
			waitFor("node B still lets the account answer", func() bool { return blocked(b) })

			change(func(tx store.Tx) error { return tx.ActorUnblock(ctx, troll) })
			waitFor("node B still refuses the unblocked account", func() bool { return !blocked(b) })

			// The control: a block that sends no notice stays unseen.
			require.NoError(t, stA.ActorBlock(ctx, troll, now()))
			require.False(t, blocked(b))
		})
	}
}
