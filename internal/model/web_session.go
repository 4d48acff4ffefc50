package model

import "time"

// WebSession is a browser signed in to the organisers' web admin.
type WebSession struct {
	// ID is the SHA-256 (hex) of the token in the browser's cookie; the
	// token itself is never stored.
	ID         string
	User       User
	UserAgent  string // shortened
	CreatedAt  time.Time
	LastSeenAt time.Time
	// ExpiresAt is when the session ends unless used before then: each
	// use moves it on.
	ExpiresAt time.Time
}
