package rowscan

import "github.com/gather-coop/gather/internal/model"

// FollowerColumns are the columns ScanFollower reads: the follow's, then
// its remote actor's (join remote_actors on follows.remote_actor_id).
const FollowerColumns = `follows.id, follows.actor_id, follows.remote_actor_id, follows.follow_uri, follows.state,
	follows.created_at, ` + RemoteActorColumns

// ScanFollower reads one row of FollowerColumns.
func ScanFollower(row Row) (model.Follower, error) {
	var f model.Follower
	r := &f.Actor
	err := row.Scan(&f.ID, &f.ActorID, &f.RemoteActorID, &f.FollowURI, &f.State, &f.CreatedAt,
		&r.ID, &r.URI, &r.Host, &r.Domain, &r.Username, &r.Name, &r.URL, &r.IconURL, &r.Inbox, &r.SharedInbox,
		&r.KeyID, &r.PublicKeyPEM, &r.FetchedAt)
	return f, err
}

// ActorBlockColumns are the columns ScanActorBlock reads: the block's,
// then what is known of the actor (left join remote_actors on uri), empty
// when nothing is. Keys and inboxes are left out: a list has no use for
// them.
const ActorBlockColumns = `blocked_actors.uri, blocked_actors.created_at, COALESCE(remote_actors.id, 0),
	COALESCE(remote_actors.host, ''), COALESCE(remote_actors.domain, ''), COALESCE(remote_actors.username, ''),
	COALESCE(remote_actors.name, ''), COALESCE(remote_actors.url, ''), COALESCE(remote_actors.icon_url, '')`

// ScanActorBlock reads one row of ActorBlockColumns.
func ScanActorBlock(row Row) (model.ActorBlock, error) {
	var b model.ActorBlock
	r := &b.Actor
	err := row.Scan(&b.URI, &b.CreatedAt, &r.ID, &r.Host, &r.Domain, &r.Username, &r.Name, &r.URL, &r.IconURL)
	if r.ID != 0 {
		r.URI = b.URI
	}
	return b, err
}
