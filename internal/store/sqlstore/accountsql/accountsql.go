// Package accountsql holds the shared queries of the accounts' tables:
// our own actors (the co-op accounts), the people who sign in (users,
// their API tokens and admin flags), their browser sessions, the sign-in
// failures that slow guessing down, and who organises for which co-op
// (memberships). It is what internal/app/account reads and writes.
//
// The SQL follows sqlstore's conventions and runs on its DB, so both
// backends use it as they are.
package accountsql

import (
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/sqlstore"
)

// Accounts implements the accounts' sub-interfaces of store.Queries on
// the DBs it was made with. Backends embed it beside sqlstore.Queries.
type Accounts struct {
	read  sqlstore.DB
	write sqlstore.DB
}

var _ interface {
	store.ActorQueries
	store.MembershipQueries
	store.SignInFailureQueries
	store.UserQueries
	store.UserAdminQueries
	store.WebSessionQueries
} = Accounts{}

// New returns the queries that read on read and write on write, as
// sqlstore.New.
func New(read, write sqlstore.DB) Accounts { return Accounts{read: read, write: write} }
