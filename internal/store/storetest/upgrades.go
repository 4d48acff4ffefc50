package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/migrations"
)

// upgradeSteps are the rows an instance of each earlier schema version
// held: after migrating to version, the step's SQL (the same for both
// engines: TRUE/FALSE, times as text) adds rows to the tables that version
// made or changed. Ids are those of a fresh database: 1, 2, … per table.
// Every version but the current one has a step: a new migration brings
// the step of the version before it.
var upgradeSteps = []struct {
	version int
	sql     []string
}{
	{1, []string{
		`INSERT INTO actors (handle, kind, name, private_key_pem, public_key_pem, created_at) VALUES
			('instance.actor', 'Application', 'Instance', 'PRIVATE-1', 'PUBLIC-1', '2026-01-01 10:00:00+00:00'),
			('events', 'Group', 'Co-op events', 'PRIVATE-2', 'PUBLIC-2', '2026-01-01 10:00:00+00:00')`,
		`INSERT INTO users (username, password_hash, role, created_at) VALUES
			('ada', 'hash-ada', 'admin', '2026-01-01 10:00:00+00:00'),
			('grace', 'hash-grace', 'organiser', '2026-01-01 10:00:00+00:00')`,
		`INSERT INTO api_tokens (user_id, token_hash, created_at) VALUES (1, 'token-ada', '2026-01-01 10:00:00+00:00')`,
	}},
	{2, []string{
		`INSERT INTO remote_actors (uri, host, domain, username, inbox, key_id, public_key_pem, fetched_at) VALUES
			('https://social.example/users/alice', 'social.example', 'social.example', 'alice',
			 'https://social.example/users/alice/inbox', 'https://social.example/users/alice#main-key', 'PEM-alice', '2026-01-02 10:00:00+00:00'),
			('https://social.example/users/bob', 'social.example', 'social.example', 'bob',
			 'https://social.example/users/bob/inbox', 'https://social.example/users/bob#main-key', 'PEM-bob', '2026-01-02 10:00:00+00:00')`,
		`INSERT INTO follows (actor_id, remote_actor_id, follow_uri, state, created_at) VALUES
			(2, 1, 'https://social.example/follows/1', 'accepted', '2026-01-02 10:00:00+00:00')`,
		`INSERT INTO inbox_activities (uri, type, actor_uri, raw, received_at) VALUES
			('https://social.example/follows/1', 'Follow', 'https://social.example/users/alice', '{}', '2026-01-02 10:00:00+00:00')`,
		`INSERT INTO outbox_activities (uri, actor_id, type, raw, public, created_at) VALUES
			('https://us.example/activities/1', 2, 'Accept', '{}', FALSE, '2026-01-02 10:00:00+00:00')`,
		`INSERT INTO hosts (host, unreachable) VALUES ('social.example', FALSE)`,
		`INSERT INTO blocked_domains (domain, created_at) VALUES ('spam.example', '2026-01-02 10:00:00+00:00')`,
	}},
	{3, []string{
		`INSERT INTO gatherings (actor_id, title, timezone, starts_at, ends_at, status, created_at, updated_at) VALUES
			(2, 'Spring meet-up', 'Europe/London', '2027-04-10 10:00:00+00:00', '2027-04-10 17:00:00+00:00', 'published',
			 '2026-01-03 10:00:00+00:00', '2026-01-03 10:00:00+00:00')`,
		`INSERT INTO rooms (gathering_id, position, name, capacity) VALUES (1, 0, 'Back room', 12)`,
		`INSERT INTO tracks (gathering_id, position, name) VALUES (1, 0, 'Money')`,
		`INSERT INTO sessions (gathering_id, title, kind, starts_at, ends_at, room_id, track_id, announce, created_at, updated_at) VALUES
			(1, 'Pricing workshop', 'workshop', '2027-04-10 11:00:00+00:00', '2027-04-10 12:30:00+00:00', 1, 1, TRUE,
			 '2026-01-03 10:00:00+00:00', '2026-01-03 10:00:00+00:00')`,
		`INSERT INTO facilitators (session_id, position, name) VALUES (1, 0, 'Sam')`,
		// The newest gathering deleted: before 0008, SQLite gave its id again.
		`INSERT INTO gatherings (actor_id, title, timezone, starts_at, ends_at, status, created_at, updated_at) VALUES
			(2, 'Called-off meet-up', 'Europe/London', '2027-05-10 10:00:00+00:00', '2027-05-10 17:00:00+00:00', 'published',
			 '2026-01-03 10:00:00+00:00', '2026-01-03 10:00:00+00:00')`,
		`DELETE FROM gatherings WHERE id = 2`,
		`INSERT INTO tombstones (uri, type, deleted_at) VALUES ('https://us.example/gatherings/2', 'Event', '2026-01-03 10:00:00+00:00')`,
	}},
	{4, []string{
		`INSERT INTO rsvps (gathering_id, session_id, remote_actor_id, status, channel, activity_uri, created_at, updated_at) VALUES
			(1, NULL, 1, 'going', 'poll', 'https://social.example/votes/1', '2026-01-04 10:00:00+00:00', '2026-01-04 10:00:00+00:00')`,
		`INSERT INTO rsvps (gathering_id, session_id, guest_name, guest_key, status, channel, created_at, updated_at) VALUES
			(1, 1, 'Sam at the door', 'k1', 'going', 'web', '2026-01-04 10:00:00+00:00', '2026-01-04 10:00:00+00:00')`,
		`INSERT INTO rsvp_changes (rsvp_id, status, channel, changed_at) VALUES (1, 'going', 'poll', '2026-01-04 10:00:00+00:00')`,
	}},
	{5, []string{
		`INSERT INTO comments (gathering_id, remote_actor_id, note_uri, content_html, created_at) VALUES
			(1, 2, 'https://social.example/notes/1', '<p>See you there</p>', '2026-01-05 10:00:00+00:00')`,
		`INSERT INTO blocked_actors (uri, created_at) VALUES ('https://spam.example/users/x', '2026-01-05 10:00:00+00:00')`,
	}},
	{6, []string{
		`INSERT INTO web_sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES
			('` + strings.Repeat("a", 64) + `', 1, '2026-01-06 10:00:00+00:00', '2026-01-06 10:00:00+00:00', '2036-01-06 10:00:00+00:00')`,
		`INSERT INTO sign_in_failures (subject, failed_at) VALUES ('user:ada', '2026-01-06 10:00:00+00:00')`,
	}},
	{7, []string{
		`UPDATE actors SET avatar_file = 'avatar-2.png', links = '[{"name":"Web","url":"https://coop.example"}]' WHERE id = 2`,
		`UPDATE instance_settings SET default_timezone = 'Europe/London'`,
	}},
	// 0008 rebuilt gatherings, sessions, rsvps and users on SQLite.
	{8, []string{
		`INSERT INTO gatherings (actor_id, title, timezone, starts_at, ends_at, status, created_at, updated_at) VALUES
			(2, 'Summer meet-up', 'Europe/London', '2027-07-10 10:00:00+00:00', '2027-07-10 17:00:00+00:00', 'draft',
			 '2026-01-08 10:00:00+00:00', '2026-01-08 10:00:00+00:00')`,
	}},
	{9, []string{`INSERT INTO facilitators (session_id, position, handle, lookup) VALUES (1, 1, '@kim@social.example', 'pending')`}},
	{11, []string{
		`INSERT INTO rsvps (gathering_id, session_id, remote_actor_id, status, channel, activity_uri, created_at, updated_at) VALUES
			(1, 1, 2, 'maybe', 'reply', 'https://social.example/notes/2', '2026-01-11 10:00:00+00:00', '2026-01-11 10:00:00+00:00')`,
	}},
	{13, []string{`INSERT INTO api_tokens (user_id, token_hash, created_at, scope) VALUES (2, 'token-grace', '2026-01-13 10:00:00+00:00', 'read')`}},
	{15, []string{`UPDATE sessions SET announced_at = '2026-01-15 10:00:00+00:00' WHERE id = 1`}},
	{16, []string{
		`INSERT INTO reports (uri, reporter_uri, actor_id, content, received_at) VALUES
			('https://social.example/flags/1', 'https://social.example/actor', 2, 'spam', '2026-01-16 10:00:00+00:00')`,
	}},
	{18, []string{
		`INSERT INTO audit_log (at, user_id, username, via, actor_id, coop, action, target) VALUES
			('2026-01-18 10:00:00+00:00', 1, 'ada', 'web', 2, 'events', 'report.resolve', 'report 1')`,
		`UPDATE reports SET resolved_at = '2026-01-18 10:00:00+00:00', resolved_by = 'ada' WHERE id = 1`,
		`INSERT INTO comment_hides (comment_id, hidden_by, hidden_at) VALUES (1, 'ada', '2026-01-18 10:00:00+00:00')`,
	}},
	{19, []string{
		`INSERT INTO series (actor_id, title, rule, timezone, duration_seconds, online, call_url, link_for_attendees,
			reminders, created_at, updated_at) VALUES
			(2, 'General circle call', '{"start":"2027-01-12T18:00","freq":"monthly","interval":1,"weekdays":["TU"],"week":2}',
			 'Europe/London', 3600, TRUE, 'https://call.example/circle', TRUE, '86400 900',
			 '2026-01-19 10:00:00+00:00', '2026-01-19 10:00:00+00:00')`,
		`UPDATE gatherings SET series_id = 1, recurrence_id = '2027-07-10 10:00:00+00:00' WHERE id = 3`,
	}},
	// Written while 0022 is the newest, so the next migration finds its
	// step here already.
	{21, []string{
		`INSERT INTO sources (actor_id, actor_uri, handle, state, follow_uri, requested_at, accepted_at) VALUES
			(2, 'https://social.example/users/carol', '@carol@social.example', 'accepted',
			 'https://us.example/follows/1', '2026-01-21 10:00:00+00:00', '2026-01-21 10:05:00+00:00')`,
		`INSERT INTO remote_events (source_id, object_uri, starts_at, received_at, title, raw) VALUES
			(1, 'https://social.example/events/1', '2027-03-01 18:00:00+00:00', '2026-01-21 10:10:00+00:00', 'Repair cafe', '{}')`,
	}},
	// 0022 made a table on PostgreSQL only; the gatherings there were
	// before 0023 keep the default reminders (checked below).
	{22, nil},
	// 0023 made reminders_sent, checked empty below.
	{23, nil},
	// Written while 0024 is the newest, so the next migration finds its
	// step here already.
	{24, []string{
		`INSERT INTO standing_rsvps (series_id, remote_actor_id, activity_uri, created_at) VALUES
			(1, 1, 'https://social.example/notes/all', '2026-01-24 10:00:00+00:00')`,
	}},
	// Written while 0025 is the newest, so the next migration finds its
	// step here already.
	{25, []string{
		`INSERT INTO shared_events (actor_id, object_uri, title, announce_uri, shared_at) VALUES
			(2, 'https://social.example/events/1', 'Repair cafe', 'https://us.example/activities/shared-1',
			 '2026-01-25 10:00:00+00:00')`,
	}},
	// 0026 added a setting, checked below.
	{26, nil},
	// 0027 made slot_polls, checked empty below.
	{27, nil},
	// 0028 made co_hosts and co_hosted_events, checked empty below.
	{28, nil},
	// Written while 0029 is the newest, so the next migration finds its
	// step here already.
	{29, []string{
		`INSERT INTO my_day_sent (gathering_id, day, remote_actor_id, sent_at) VALUES
			(1, '2027-04-10', 1, '2027-04-10 07:00:00+00:00')`,
		`INSERT INTO my_calendars (token, gathering_id, remote_actor_id, created_at) VALUES
			('` + strings.Repeat("b", 32) + `', 1, 1, '2027-04-10 07:00:00+00:00')`,
	}},
}

// upgradeChecks are what must hold after migrating to the current schema:
// a query and the rows it returns.
var upgradeChecks = []struct {
	query string
	want  [][]string
}{
	{`SELECT id, handle, private_key_pem, public_key_pem, avatar_file FROM actors ORDER BY id`,
		[][]string{{"1", "instance.actor", "PRIVATE-1", "PUBLIC-1", ""}, {"2", "events", "PRIVATE-2", "PUBLIC-2", "avatar-2.png"}}},
	{`SELECT id, username, password_hash, role FROM users ORDER BY id`,
		[][]string{{"1", "ada", "hash-ada", "admin"}, {"2", "grace", "hash-grace", "organiser"}}},
	{`SELECT id, user_id, token_hash, scope FROM api_tokens ORDER BY id`,
		[][]string{{"1", "1", "token-ada", "write"}, {"2", "2", "token-grace", "read"}}},
	{`SELECT id, uri FROM remote_actors ORDER BY id`,
		[][]string{{"1", "https://social.example/users/alice"}, {"2", "https://social.example/users/bob"}}},
	{`SELECT id, actor_id, remote_actor_id, state FROM follows ORDER BY id`, [][]string{{"1", "2", "1", "accepted"}}},
	{`SELECT id, uri FROM inbox_activities ORDER BY id`, [][]string{{"1", "https://social.example/follows/1"}}},
	{`SELECT id, uri FROM outbox_activities ORDER BY id`, [][]string{{"1", "https://us.example/activities/1"}}},
	{`SELECT host FROM hosts`, [][]string{{"social.example"}}},
	{`SELECT domain FROM blocked_domains`, [][]string{{"spam.example"}}},
	{`SELECT id, title, status FROM gatherings ORDER BY id`,
		[][]string{{"1", "Spring meet-up", "published"}, {"3", "Summer meet-up", "draft"}}},
	{`SELECT id, gathering_id, name FROM rooms`, [][]string{{"1", "1", "Back room"}}},
	{`SELECT id, gathering_id, name FROM tracks`, [][]string{{"1", "1", "Money"}}},
	{`SELECT id, gathering_id, title, room_id, track_id FROM sessions`, [][]string{{"1", "1", "Pricing workshop", "1", "1"}}},
	{`SELECT id, session_id, name, handle, lookup FROM facilitators ORDER BY id`,
		[][]string{{"1", "1", "Sam", "", ""}, {"2", "1", "", "@kim@social.example", "pending"}}},
	{`SELECT uri FROM tombstones`, [][]string{{"https://us.example/gatherings/2"}}},
	{`SELECT id, gathering_id, coalesce(session_id, 0), coalesce(remote_actor_id, 0), guest_key, status FROM rsvps ORDER BY id`,
		[][]string{{"1", "1", "0", "1", "", "going"}, {"2", "1", "1", "0", "k1", "going"}, {"3", "1", "1", "2", "", "maybe"}}},
	{`SELECT id, rsvp_id FROM rsvp_changes`, [][]string{{"1", "1"}}},
	{`SELECT id, note_uri FROM comments`, [][]string{{"1", "https://social.example/notes/1"}}},
	{`SELECT uri FROM blocked_actors`, [][]string{{"https://spam.example/users/x"}}},
	{`SELECT user_id FROM web_sessions`, [][]string{{"1"}}},
	{`SELECT id, subject FROM sign_in_failures`, [][]string{{"1", "user:ada"}}},
	{`SELECT id, default_timezone FROM instance_settings`, [][]string{{"1", "Europe/London"}}},
	// 0013 let each organiser act for every co-op account there was.
	{`SELECT user_id, actor_id FROM memberships`, [][]string{{"2", "2"}}},
	{`SELECT id, uri, actor_id, resolved_by FROM reports`, [][]string{{"1", "https://social.example/flags/1", "2", "ada"}}},
	{`SELECT id, username, actor_id, action, target FROM audit_log`, [][]string{{"1", "ada", "2", "report.resolve", "report 1"}}},
	{`SELECT comment_id, hidden_by FROM comment_hides`, [][]string{{"1", "ada"}}},
	// 0019: the gatherings there were are their own, but the one made an
	// occurrence since.
	{`SELECT id, coalesce(series_id, 0) FROM gatherings ORDER BY id`, [][]string{{"1", "0"}, {"3", "1"}}},
	{`SELECT id, title, duration_seconds, reminders FROM series`, [][]string{{"1", "General circle call", "3600", "86400 900"}}},
	// 0023: the gatherings there were keep the default reminders.
	{`SELECT id, reminders FROM gatherings ORDER BY id`, [][]string{{"1", ""}, {"3", ""}}},
	{`SELECT count(*) FROM reminders_sent`, [][]string{{"0"}}},
	{`SELECT id, series_id, remote_actor_id, activity_uri, CASE WHEN withdrawn_at IS NULL THEN 'stands' ELSE 'withdrawn' END FROM standing_rsvps`,
		[][]string{{"1", "1", "1", "https://social.example/notes/all", "stands"}}},
	{`SELECT id, actor_id, object_uri, announce_uri, CASE WHEN undone_at IS NULL THEN 'live' ELSE 'undone' END FROM shared_events`,
		[][]string{{"1", "2", "https://social.example/events/1", "https://us.example/activities/shared-1", "live"}}},
	// 0027: the gatherings there were publish slot polls, as new ones do.
	{`SELECT id, CASE WHEN slot_polls THEN 'on' ELSE 'off' END FROM gatherings ORDER BY id`, [][]string{{"1", "on"}, {"3", "on"}}},
	{`SELECT count(*) FROM slot_polls`, [][]string{{"0"}}},
	// 0029: the gatherings there were send their "my day" notes at 08:00.
	{`SELECT id, my_day FROM gatherings ORDER BY id`, [][]string{{"1", "08:00"}, {"3", "08:00"}}},
	{`SELECT gathering_id, day, remote_actor_id FROM my_day_sent`, [][]string{{"1", "2027-04-10", "1"}}},
	{`SELECT token, gathering_id, remote_actor_id FROM my_calendars`, [][]string{{strings.Repeat("b", 32), "1", "1"}}},
	// 0028: no gathering there was names co-hosts, nor was named as one.
	{`SELECT count(*) FROM co_hosts`, [][]string{{"0"}}},
	{`SELECT count(*) FROM co_hosted_events`, [][]string{{"0"}}},
	// 0030: no one had proposed a talk.
	{`SELECT count(*) FROM proposals`, [][]string{{"0"}}},
	// 0026: the instance there was lets no site frame its calendar.
	{`SELECT id, embed_origins FROM instance_settings`, [][]string{{"1", ""}}},
	{`SELECT id, actor_uri, state FROM sources`, [][]string{{"1", "https://social.example/users/carol", "accepted"}}},
	{`SELECT id, source_id, object_uri, title FROM remote_events`, [][]string{{"1", "1", "https://social.example/events/1", "Repair cafe"}}},
}

// testUpgradeFromEveryVersion builds a database one migration at a time,
// holding rows written at every earlier schema version, migrates it to the
// current one and checks every row is there with its id, and that the
// store reads them.
func testUpgradeFromEveryVersion(t *testing.T, h Harness) {
	ctx := context.Background()
	s := h.Open(t, store.JobsConfig{})
	ms, err := migrations.List("sqlite")
	require.NoError(t, err)
	known := map[int]bool{}
	for _, m := range ms {
		known[m.Version] = true
	}
	stepped := map[int]bool{}
	for _, step := range upgradeSteps {
		stepped[step.version] = true
	}
	for _, m := range ms[:len(ms)-1] {
		require.True(t, stepped[m.Version], "no rows written at schema version %d: a new migration adds to upgradeSteps "+
			"the rows an instance of the version before it holds", m.Version)
	}
	for _, step := range upgradeSteps {
		require.True(t, known[step.version], "version %d is a migration", step.version)
		require.NoError(t, h.MigrateTo(ctx, s, step.version))
		for _, q := range step.sql {
			require.NoError(t, h.Exec(ctx, s, q), "at version %d: %s", step.version, q)
		}
	}
	require.NoError(t, s.Migrate(ctx))
	status, err := s.SchemaStatus(ctx)
	require.NoError(t, err)
	require.True(t, status.Current())

	for _, c := range upgradeChecks {
		got, err := h.Query(ctx, s, c.query)
		require.NoError(t, err, c.query)
		require.Equal(t, c.want, got, c.query)
	}

	// And the store reads them as its own.
	actor, err := s.ActorGetByHandle(ctx, "events")
	require.NoError(t, err)
	require.Equal(t, int64(2), actor.ID)
	require.Equal(t, "PRIVATE-2", actor.PrivateKeyPEM, "the co-op account keeps its key")
	g, err := s.GatheringGet(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, "Spring meet-up", g.Title)
	answers, err := s.RSVPList(ctx, 1)
	require.NoError(t, err)
	require.Len(t, answers, 3)
	sessions, err := s.SessionList(ctx, 1)
	require.NoError(t, err)
	require.Len(t, sessions, 1)
	require.NotNil(t, sessions[0].AnnouncedAt)
	series, err := s.SeriesGet(ctx, 1)
	require.NoError(t, err)
	require.Equal(t, time.Hour, series.Duration)
	require.Equal(t, []time.Duration{24 * time.Hour, 15 * time.Minute}, series.Reminders)
	occurrence, err := s.SeriesOccurrenceOf(ctx, 3)
	require.NoError(t, err)
	require.Equal(t, time.Date(2027, 7, 10, 10, 0, 0, 0, time.UTC), occurrence.RecurrenceID)
}
