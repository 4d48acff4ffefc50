-- Lightning talks and open-space topics people propose for a gathering:
-- by a reply "#lightning Title" / "#openspace Topic" from their own
-- account (remote_actor_id, activity_uri), or with just a name on the
-- gathering's page at the venue (guest_name, guest_key: the guest cookie,
-- as day-of sign-ups keep it). One a person, kind and gathering: a
-- second proposal of the same kind replaces the first's title while it
-- is still proposed. position orders a kind's list (the lightning talks'
-- running order); session_id is where a placed proposal went: an open
-- space topic's own session, or the "Lightning talks" session whose page
-- lists the talks. Its room and time are the session's, so a session
-- moved on the grid takes its topic along.
CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    gathering_id    INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('lightning', 'openspace')),
    title           TEXT NOT NULL,
    remote_actor_id INTEGER REFERENCES remote_actors (id) ON DELETE CASCADE,
    guest_name      TEXT NOT NULL DEFAULT '',
    guest_key       TEXT NOT NULL DEFAULT '',
    activity_uri    TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL DEFAULT 'proposed' CHECK (state IN ('proposed', 'placed', 'declined')),
    position        INTEGER NOT NULL,
    session_id      INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK ((remote_actor_id IS NULL) <> (guest_key = ''))
);

CREATE UNIQUE INDEX proposals_by_person ON proposals (gathering_id, kind, remote_actor_id) WHERE remote_actor_id IS NOT NULL;
CREATE UNIQUE INDEX proposals_by_guest ON proposals (gathering_id, kind, guest_key) WHERE guest_key <> '';
