-- A series: a gathering that repeats, such as the monthly call. Its
-- occurrences are gatherings of their own (each with its page, Event,
-- RSVPs); the series is what they are made from and the rule that
-- dates them.
CREATE TABLE series (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id           INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    title              TEXT NOT NULL,
    summary            TEXT NOT NULL DEFAULT '',
    description        TEXT NOT NULL DEFAULT '',    -- Markdown
    rule               TEXT NOT NULL,               -- internal/recur's JSON, first start (local time) included
    timezone           TEXT NOT NULL,               -- IANA name the rule's local times are in
    duration_seconds   INTEGER NOT NULL CHECK (duration_seconds > 0),
    online             BOOLEAN NOT NULL DEFAULT TRUE,
    call_url           TEXT NOT NULL DEFAULT '',
    link_for_attendees BOOLEAN NOT NULL DEFAULT TRUE, -- the call link only to those going
    reminders          TEXT NOT NULL DEFAULT '',    -- seconds before each occurrence, space-separated, largest first
    version            INTEGER NOT NULL DEFAULT 1,  -- grows with each change: iCalendar SEQUENCE, stale-form checks
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX series_actor ON series (actor_id, id);

-- An occurrence's gathering names its series and its start as the rule
-- gave it (iCalendar's RECURRENCE-ID), which stays when the gathering
-- is moved. One gathering per occurrence: the unique index is what
-- keeps two processes filling the window ahead from making it twice.
-- No cascade: a series is unlinked from its gatherings before it goes.
ALTER TABLE gatherings ADD COLUMN series_id INTEGER REFERENCES series (id);
ALTER TABLE gatherings ADD COLUMN recurrence_id TIMESTAMP;
CREATE UNIQUE INDEX gatherings_series_occurrence ON gatherings (series_id, recurrence_id) WHERE series_id IS NOT NULL;
