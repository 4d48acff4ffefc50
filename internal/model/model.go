// Package model holds the plain domain types that the app and the store
// share. It has no behaviour beyond small pure helpers.
package model

import "time"

// ActorKind is the ActivityPub type of a local actor.
type ActorKind string

// The kinds of local actor.
const (
	// ActorGroup is a co-op's account: people follow it and RSVP to its events.
	ActorGroup ActorKind = "Group"
	// ActorApplication is the instance actor: it signs our own fetches and
	// lets event-aware servers follow the instance as a whole.
	ActorApplication ActorKind = "Application"
)

// Actor is a local account.
type Actor struct {
	ID                        int64
	Handle                    string // lower-case; the user part of @handle@host
	Kind                      ActorKind
	Name                      string
	Summary                   string // HTML
	PrivateKeyPEM             string
	PublicKeyPEM              string
	ManuallyApprovesFollowers bool
	Discoverable              bool
	CreatedAt                 time.Time
	// SummarySource is the bio as the admin typed it (Markdown), from
	// which Summary was rendered; "" when Summary was given as HTML.
	SummarySource string
	// Avatar and Header are the profile's pictures, zero for none.
	Avatar, Header Picture
	// Links are the profile's links, in order; at most MaxProfileLinks.
	Links []ProfileLink
}

// Role is what a user may do.
type Role string

// The roles a user can have.
const (
	// RoleAdmin may do everything, instance settings included.
	RoleAdmin Role = "admin"
	// RoleOrganiser manages gatherings but not instance settings.
	RoleOrganiser Role = "organiser"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleOrganiser }

// User is a person who signs in to organise.
type User struct {
	ID           int64
	Username     string
	PasswordHash string
	Role         Role
	CreatedAt    time.Time
}
