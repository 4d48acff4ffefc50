package store

import (
	"context"
	"time"

	"github.com/gather-coop/gather/internal/model"
)

// WebSessionQueries are the browser sessions of the organisers' web admin.
type WebSessionQueries interface {
	// WebSessionCreate stores a new browser session; ErrConflict if its
	// hash is taken.
	WebSessionCreate(ctx context.Context, p *WebSessionCreateParams) error
	// WebSessionGet returns the session whose token hashes to hash, with
	// its user, whether or not it has expired: expiry is the caller's rule.
	WebSessionGet(ctx context.Context, hash string) (model.WebSession, error)
	// WebSessionTouch notes a use of the session and moves its expiry.
	WebSessionTouch(ctx context.Context, p *WebSessionTouchParams) error
	// WebSessionDelete ends one session; ErrNotFound if there is none.
	WebSessionDelete(ctx context.Context, hash string) error
	// WebSessionDeleteByUser ends every session of a user except the one
	// whose hash is except ("" ends them all), and returns how many ended.
	WebSessionDeleteByUser(ctx context.Context, userID int64, except string) (int, error)
	// WebSessionDeleteExpired forgets the sessions expired by now, and
	// returns how many.
	WebSessionDeleteExpired(ctx context.Context, now time.Time) (int, error)
}

// UserAdminQueries are what the web admin does with the users who sign in
// (sqlstore/users_admin.go).
type UserAdminQueries interface {
	UserGetByID(ctx context.Context, id int64) (model.User, error)
	// UserList returns every user, by username.
	UserList(ctx context.Context) ([]model.User, error)
	// UserSetPassword replaces a user's password hash; ErrNotFound if
	// there is no such user.
	UserSetPassword(ctx context.Context, userID int64, passwordHash string) error
	// UserDelete removes a user, and with them their API tokens and
	// sessions; ErrNotFound if there is no such user.
	UserDelete(ctx context.Context, userID int64) error
}

// SignInFailureQueries are the failed sign-ins that limit guessing
// (sqlstore/sign_in_failures.go).
type SignInFailureQueries interface {
	// SignInFailureRecord notes a failed sign-in against each subject, and
	// forgets every failure (of any subject) older than p.ForgetBefore.
	SignInFailureRecord(ctx context.Context, p *SignInFailureRecordParams) error
	// SignInFailureList returns when subject failed since p.Since, latest
	// first, at most p.Limit of them.
	SignInFailureList(ctx context.Context, p *SignInFailureListParams) ([]time.Time, error)
	// SignInFailureClear forgets the failures of subject.
	SignInFailureClear(ctx context.Context, subject string) error
}

// WebSessionCreateParams are the fields of a new browser session.
type WebSessionCreateParams struct {
	Hash      string // SHA-256 (hex) of the cookie's token
	UserID    int64
	UserAgent string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// WebSessionTouchParams note a use of a session.
type WebSessionTouchParams struct {
	Hash      string
	SeenAt    time.Time
	ExpiresAt time.Time
}

// SignInFailureRecordParams describe one failed sign-in.
type SignInFailureRecordParams struct {
	// Subjects are what the failure counts against, e.g. the account and
	// the client.
	Subjects     []string
	At           time.Time
	ForgetBefore time.Time
}

// SignInFailureListParams select a subject's recent failures.
type SignInFailureListParams struct {
	Subject string
	Since   time.Time
	Limit   int
}
