-- A partner's gathering shared with our followers: one of our co-op
-- accounts Announced (boosted) a followed source's event. The Announce's
-- id is ours for good: undoing the share records the Undo and when, and
-- the Announce then answers 410. Sharing the same event again after an
-- undo is a new row and a new Announce, so at most one share of an event
-- by an account is live at a time.
CREATE TABLE shared_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id     BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    object_uri   TEXT NOT NULL,
    title        TEXT NOT NULL,
    announce_uri TEXT NOT NULL UNIQUE,
    shared_at    TIMESTAMPTZ NOT NULL,
    undo_uri     TEXT,
    undone_at    TIMESTAMPTZ
);
CREATE UNIQUE INDEX shared_events_live ON shared_events (actor_id, object_uri) WHERE undone_at IS NULL;
