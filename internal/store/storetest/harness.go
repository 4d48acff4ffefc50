package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/gather-coop/gather/internal/store"
)

// Raw is what each backend's export_test.go adds to its Store for the
// suite: raw SQL, and migrating part of the way.
type Raw interface {
	ExecForTest(ctx context.Context, sql string) error
	MigrateToForTest(ctx context.Context, version int) error
	QueryForTest(ctx context.Context, sql string) ([][]string, error)
}

// HarnessFor is the Harness of a backend whose Stores, as open makes them,
// are Raw: Exec, MigrateTo and Query call those methods. The backend adds
// what only it has (OpenAgain, DropListener).
func HarnessFor(open func(t *testing.T, cfg store.JobsConfig) store.Store) Harness {
	return Harness{
		Open: open,
		Exec: func(ctx context.Context, s store.Store, sql string) error {
			return raw(s).ExecForTest(ctx, sql)
		},
		MigrateTo: func(ctx context.Context, s store.Store, version int) error {
			return raw(s).MigrateToForTest(ctx, version)
		},
		Query: func(ctx context.Context, s store.Store, sql string) ([][]string, error) {
			return raw(s).QueryForTest(ctx, sql)
		},
	}
}

func raw(s store.Store) Raw {
	r, ok := s.(Raw)
	if !ok {
		panic(fmt.Sprintf("storetest: %T has no ExecForTest, MigrateToForTest and QueryForTest", s))
	}
	return r
}
