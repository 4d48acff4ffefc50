// Package fedsql holds the shared queries of the federation plumbing
// tables: activities received and sent, our copies of remote actors and
// their keys, the hosts we deliver to (and the domains we block), and who
// follows whom across servers. The rules' tables (gatherings, RSVPs,
// series, sources…) are sqlstore's; this package is what the inbox, the
// outbox and delivery read and write.
//
// The SQL follows sqlstore's conventions ($n placeholders, CAST where
// PostgreSQL needs a type, IN lists spelled out) and runs on its DB, so
// both backends use it as they are.
package fedsql

import (
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlstore"
)

// Plumbing implements the federation tables' sub-interfaces of
// store.Queries on the DBs it was made with. Backends embed it beside
// sqlstore.Queries (hence not that name).
type Plumbing struct {
	read  sqlstore.DB
	write sqlstore.DB
}

var _ interface {
	store.ActivityQueries
	store.FollowQueries
	store.HostQueries
	store.RemoteActorQueries
} = Plumbing{}

// New returns the queries that read on read and write on write, as
// sqlstore.New.
func New(read, write sqlstore.DB) Plumbing { return Plumbing{read: read, write: write} }
