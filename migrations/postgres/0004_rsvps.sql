-- Who is coming to what. One current answer per (event, person); every
-- change is kept in rsvp_changes.
CREATE TABLE rsvps (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gathering_id    BIGINT NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    session_id      BIGINT REFERENCES sessions (id) ON DELETE CASCADE, -- NULL: the gathering itself
    remote_actor_id BIGINT REFERENCES remote_actors (id) ON DELETE CASCADE,
    guest_name      TEXT NOT NULL DEFAULT '',  -- a day-of sign-up at the venue: a name, unverified
    guest_key       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('going', 'maybe', 'not_going', 'waitlisted')),
    channel         TEXT NOT NULL CHECK (channel IN ('reply', 'poll', 'join', 'accept', 'web')),
    activity_uri    TEXT NOT NULL DEFAULT '',  -- the message that gave this answer
    waitlisted_at   TIMESTAMPTZ,                 -- place in the queue while waitlisted
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    CHECK ((remote_actor_id IS NULL) <> (guest_key = ''))
);
CREATE UNIQUE INDEX rsvps_event_person ON rsvps (gathering_id, COALESCE(session_id, 0), COALESCE(remote_actor_id, 0), guest_key);
CREATE INDEX rsvps_activity ON rsvps (activity_uri);
CREATE INDEX rsvps_session ON rsvps (session_id);

CREATE TABLE rsvp_changes (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rsvp_id      BIGINT NOT NULL REFERENCES rsvps (id) ON DELETE CASCADE,
    status       TEXT NOT NULL,
    channel      TEXT NOT NULL,
    activity_uri TEXT NOT NULL DEFAULT '',
    changed_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX rsvp_changes_rsvp ON rsvp_changes (rsvp_id);
