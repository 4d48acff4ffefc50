-- The co-op network: the remote actors one of our co-op accounts follows
-- for their events (sources), and the events they publish (remote_events),
-- kept apart from our own gatherings.
--
-- A source is pending from our Follow until its Accept (or Reject).
-- last_heard_at is the last time it answered or sent us anything;
-- unreachable_since the first failure since then, NULL while it answers.
-- Ids are AUTOINCREMENT, never given twice (see 0008): the admin's URLs
-- name sources by id.
CREATE TABLE sources (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id          INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE, -- ours, who follows
    actor_uri         TEXT NOT NULL UNIQUE,
    handle            TEXT NOT NULL DEFAULT '',  -- @user@host, as shown
    state             TEXT NOT NULL DEFAULT 'pending', -- pending, accepted, rejected
    follow_uri        TEXT NOT NULL UNIQUE,      -- our Follow's id: an Accept names it
    requested_at      TIMESTAMP NOT NULL,
    accepted_at       TIMESTAMP,
    last_heard_at     TIMESTAMP,
    unreachable_since TIMESTAMP
);

-- One row per remote Event, a gathering or one of its sessions
-- (parent_uri: the gathering's object_uri, '' for none). Text is stored
-- sanitised; raw is the Event as received, to read again when the parser
-- learns more. version is the event's updated (else published) time: an
-- update is taken only when newer.
--
-- Short columns first, long text last: SQLite keeps the start of a long
-- row in its page and the rest in overflow pages, so a list that filters
-- on times and parent_uri and never reads raw does not read them.
CREATE TABLE remote_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id     INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    object_uri    TEXT NOT NULL UNIQUE,
    parent_uri    TEXT NOT NULL DEFAULT '',
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP,                             -- NULL: not given
    timezone      TEXT NOT NULL DEFAULT '',              -- IANA name, '' when not given
    status        TEXT NOT NULL DEFAULT 'EventScheduled',
    published_at  TIMESTAMP,
    updated_at    TIMESTAMP,
    version       TIMESTAMP,
    received_at   TIMESTAMP NOT NULL,
    latitude      REAL,
    longitude     REAL,
    url           TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    place_name    TEXT NOT NULL DEFAULT '',
    place_address TEXT NOT NULL DEFAULT '',
    online_url    TEXT NOT NULL DEFAULT '',
    picture_url   TEXT NOT NULL DEFAULT '',              -- on their server; never shown unless cached
    summary_html  TEXT NOT NULL DEFAULT '',
    content_html  TEXT NOT NULL DEFAULT '',
    raw           TEXT NOT NULL
);
-- Upcoming by start, for all sources and for one.
CREATE INDEX remote_events_starts_at ON remote_events (starts_at);
CREATE INDEX remote_events_source_starts_at ON remote_events (source_id, starts_at);
-- A gathering's sessions.
CREATE INDEX remote_events_parent ON remote_events (parent_uri, starts_at) WHERE parent_uri <> '';
