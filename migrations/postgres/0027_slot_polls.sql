-- Slot polls: for each time slot in which two or more sessions take
-- sign-ups, one poll post ("10:30 — which will you join?") with one option
-- per session, published with the gathering. Mastodon shows at most four
-- options, so a larger slot is several polls: part numbers them from 0.
-- A published poll's id is forever, so the row stays even when its
-- sessions move or go: retired_at marks a poll that no longer names a
-- slot (it is served closed, never reused).
ALTER TABLE gatherings ADD COLUMN slot_polls BOOLEAN NOT NULL DEFAULT TRUE;

CREATE TABLE slot_polls (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gathering_id BIGINT NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    starts_at    TIMESTAMPTZ NOT NULL,
    part         INTEGER NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    retired_at   TIMESTAMPTZ,
    UNIQUE (gathering_id, starts_at, part)
);

-- The poll's options as last sent, in order: a vote names an option by
-- its text, and the text is read back to the session it stood for.
CREATE TABLE slot_poll_options (
    slot_poll_id BIGINT NOT NULL REFERENCES slot_polls (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    session_id   BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    PRIMARY KEY (slot_poll_id, position),
    UNIQUE (slot_poll_id, session_id)
);
