package model

import "time"

// Membership says that an organiser organises for a co-op account: they
// may manage its gatherings, sign-ups and followers, and nothing of the
// other co-op accounts on the instance. Admins need none: they act for
// every account.
type Membership struct {
	UserID    int64
	ActorID   int64
	CreatedAt time.Time
}

// TokenScope is what an API token may do.
type TokenScope string

// The scopes of API tokens.
const (
	// ScopeRead reads gatherings, sign-ups and comments; every request
	// that would change something is refused.
	ScopeRead TokenScope = "read"
	// ScopeWrite may do all its user may do. Tokens made before scopes
	// existed have it.
	ScopeWrite TokenScope = "write"
)

// Valid reports whether s is a known scope.
func (s TokenScope) Valid() bool { return s == ScopeRead || s == ScopeWrite }
