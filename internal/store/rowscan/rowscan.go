// Package rowscan reads database rows into model types, for both store
// backends: the column lists and the scanning are the same in SQLite and
// PostgreSQL, only the SQL around them and the error mapping differ.
package rowscan

import (
	"strings"

	"github.com/gather-coop/gather/internal/model"
)

// Row is what *sql.Row, *sql.Rows, pgx.Row and pgx.Rows have in common.
type Row interface{ Scan(dest ...any) error }

// The columns each Scan function reads, in order.
const (
	ActorColumns = `id, handle, kind, name, summary, private_key_pem, public_key_pem,
	manually_approves_followers, discoverable, created_at, ` + actorProfileColumns
	UserColumns        = `users.id, users.username, users.password_hash, users.role, users.created_at`
	RemoteActorColumns = `remote_actors.id, remote_actors.uri, remote_actors.host, remote_actors.domain, remote_actors.username,
	remote_actors.name, remote_actors.url, remote_actors.icon_url, remote_actors.inbox, remote_actors.shared_inbox,
	remote_actors.key_id, remote_actors.public_key_pem, remote_actors.fetched_at`
	FollowColumns    = `id, actor_id, remote_actor_id, follow_uri, state, created_at`
	OutboxColumns    = `id, uri, actor_id, type, object_uri, raw, public, created_at`
	HostColumns      = `host, failing_since, unreachable, last_success_at`
	GatheringColumns = `id, actor_id, title, summary, description, timezone, starts_at, ends_at,
	venue_name, street_address, locality, postal_code, region, country, latitude, longitude,
	online_url, category, tags, status, rsvp_poll, day_of_signup, version, published_at, created_at, updated_at`
	SessionColumns = `sessions.id, sessions.gathering_id, sessions.title, sessions.description, sessions.kind,
	sessions.starts_at, sessions.ends_at, sessions.room_id, sessions.track_id, sessions.capacity, sessions.announce,
	sessions.announced_at, sessions.version, sessions.created_at, sessions.updated_at`
	RsvpColumns = `rsvps.id, rsvps.gathering_id, rsvps.session_id, rsvps.remote_actor_id, rsvps.guest_name, rsvps.guest_key,
	rsvps.status, rsvps.channel, rsvps.activity_uri, rsvps.waitlisted_at, rsvps.created_at, rsvps.updated_at`
)

// ScanActor reads one row of actor.
func ScanActor(row Row) (model.Actor, error) {
	var a model.Actor
	var links string
	dest := append([]any{&a.ID, &a.Handle, &a.Kind, &a.Name, &a.Summary, &a.PrivateKeyPEM, &a.PublicKeyPEM,
		&a.ManuallyApprovesFollowers, &a.Discoverable, &a.CreatedAt}, actorProfileDest(&a, &links)...)
	if err := row.Scan(dest...); err != nil {
		return a, err
	}
	var err error
	a.Links, err = decodeLinks(links)
	return a, err
}

// ScanUser reads one row of user.
func ScanUser(row Row) (model.User, error) {
	var u model.User
	err := row.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &u.CreatedAt)
	return u, err
}

// ScanRemoteActor reads one row of remoteactor.
func ScanRemoteActor(row Row) (model.RemoteActor, error) {
	var r model.RemoteActor
	err := row.Scan(&r.ID, &r.URI, &r.Host, &r.Domain, &r.Username, &r.Name, &r.URL, &r.IconURL, &r.Inbox, &r.SharedInbox,
		&r.KeyID, &r.PublicKeyPEM, &r.FetchedAt)
	return r, err
}

// ScanFollow reads one row of follow.
func ScanFollow(row Row) (model.Follow, error) {
	var f model.Follow
	err := row.Scan(&f.ID, &f.ActorID, &f.RemoteActorID, &f.FollowURI, &f.State, &f.CreatedAt)
	return f, err
}

// ScanOutbox reads one row of outbox.
func ScanOutbox(row Row) (model.OutboxActivity, error) {
	var a model.OutboxActivity
	var raw string
	err := row.Scan(&a.ID, &a.URI, &a.ActorID, &a.Type, &a.ObjectURI, &raw, &a.Public, &a.CreatedAt)
	a.Raw = []byte(raw)
	return a, err
}

// ScanHost reads one row of host.
func ScanHost(row Row) (model.Host, error) {
	var h model.Host
	err := row.Scan(&h.Host, &h.FailingSince, &h.Unreachable, &h.LastSuccessAt)
	return h, err
}

// ScanGathering reads one row of gathering.
func ScanGathering(row Row) (model.Gathering, error) {
	var g model.Gathering
	var tags string
	v := &g.Venue
	err := row.Scan(&g.ID, &g.ActorID, &g.Title, &g.Summary, &g.Description, &g.Timezone, &g.StartsAt, &g.EndsAt,
		&v.Name, &v.StreetAddress, &v.Locality, &v.PostalCode, &v.Region, &v.Country, &v.Latitude, &v.Longitude,
		&g.OnlineURL, &g.Category, &tags, &g.Status, &g.RSVPPoll, &g.DayOfSignup, &g.Version, &g.PublishedAt, &g.CreatedAt, &g.UpdatedAt)
	g.Tags = strings.Fields(tags)
	return g, err
}

// GatheringArgs are the values of a gathering's columns but id, version and
// created_at, in the order of its INSERT.
func GatheringArgs(g *model.Gathering) []any {
	v := g.Venue
	var published any
	if g.PublishedAt != nil {
		published = g.PublishedAt.UTC()
	}
	return []any{g.ActorID, g.Title, g.Summary, g.Description, g.Timezone, g.StartsAt.UTC(), g.EndsAt.UTC(),
		v.Name, v.StreetAddress, v.Locality, v.PostalCode, v.Region, v.Country, v.Latitude, v.Longitude,
		g.OnlineURL, g.Category, strings.Join(g.Tags, " "), g.Status, g.RSVPPoll, g.DayOfSignup, published, g.UpdatedAt.UTC()}
}

// ScanSession reads one row of session.
func ScanSession(row Row) (model.Session, error) {
	var s model.Session
	err := row.Scan(&s.ID, &s.GatheringID, &s.Title, &s.Description, &s.Kind, &s.StartsAt, &s.EndsAt,
		&s.RoomID, &s.TrackID, &s.Capacity, &s.Announce, &s.AnnouncedAt, &s.Version, &s.CreatedAt, &s.UpdatedAt)
	return s, err
}

// ScanRSVP reads one row of rsvp.
func ScanRSVP(row Row, extra ...any) (model.RSVP, error) {
	var r model.RSVP
	dest := append([]any{&r.ID, &r.GatheringID, &r.SessionID, &r.RemoteActorID, &r.GuestName, &r.GuestKey,
		&r.Status, &r.Channel, &r.ActivityURI, &r.WaitlistedAt, &r.CreatedAt, &r.UpdatedAt}, extra...)
	err := row.Scan(dest...)
	return r, err
}
