-- An id, once given out, is never given again (issue 12).
--
-- An INTEGER PRIMARY KEY without AUTOINCREMENT takes max(id) + 1, so once
-- the newest row is deleted its id comes back: after gathering 2 and its
-- sessions 12-13 were deleted, the next sessions were 12, 13, 14, and
-- /sessions/12 served a new session under an ActivityPub id every peer
-- held as deleted. AUTOINCREMENT keeps the highest id ever used in
-- sqlite_sequence and never goes below it.
--
-- SQLite cannot add AUTOINCREMENT to a table, so each table whose ids are
-- published is rebuilt (create the new one, copy every row with its id,
-- drop the old, rename; indexes made again), as SQLite's ALTER TABLE page
-- prescribes. The migrator runs this with foreign keys off (dropping the
-- old table would otherwise delete every row that refers to it) and checks
-- them all before committing. Rows keep their ids; nothing else changes.
--
--   gatherings, sessions: their ids are in the Events' ids (/gatherings/N,
--     /sessions/N, and the polls and notes under them);
--   rsvps, users: their ids are in the API's and the admin's URLs
--     (…/rsvps/N, /admin/users/N/remove), where a reused id would make a
--     repeated request act on someone else.
--
-- Each sequence starts at the highest id the table ever gave out that we
-- can still see: its rows, and for events the tombstones and the
-- activities we sent, which keep the ids of deleted ones.

CREATE TABLE gatherings_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id         INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    summary          TEXT NOT NULL DEFAULT '',
    description      TEXT NOT NULL DEFAULT '',    -- Markdown
    timezone         TEXT NOT NULL,
    starts_at        TIMESTAMP NOT NULL,
    ends_at          TIMESTAMP NOT NULL,
    venue_name       TEXT NOT NULL DEFAULT '',
    street_address   TEXT NOT NULL DEFAULT '',
    locality         TEXT NOT NULL DEFAULT '',
    postal_code      TEXT NOT NULL DEFAULT '',
    region           TEXT NOT NULL DEFAULT '',
    country          TEXT NOT NULL DEFAULT '',
    latitude         REAL,
    longitude        REAL,
    online_url       TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL DEFAULT 'MEETING',
    tags             TEXT NOT NULL DEFAULT '',    -- space-separated hashtags, without '#'
    status           TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
    rsvp_poll        BOOLEAN NOT NULL DEFAULT TRUE,
    day_of_signup    BOOLEAN NOT NULL DEFAULT FALSE,
    version          INTEGER NOT NULL DEFAULT 1,  -- grows with each change: iCalendar SEQUENCE, stale-form checks
    published_at     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
INSERT INTO gatherings_new (id, actor_id, title, summary, description, timezone, starts_at, ends_at,
        venue_name, street_address, locality, postal_code, region, country, latitude, longitude,
        online_url, category, tags, status, rsvp_poll, day_of_signup, version, published_at, created_at, updated_at)
    SELECT id, actor_id, title, summary, description, timezone, starts_at, ends_at,
        venue_name, street_address, locality, postal_code, region, country, latitude, longitude,
        online_url, category, tags, status, rsvp_poll, day_of_signup, version, published_at, created_at, updated_at
    FROM gatherings;
DROP TABLE gatherings;
ALTER TABLE gatherings_new RENAME TO gatherings;
CREATE INDEX gatherings_actor_starts ON gatherings (actor_id, starts_at);

CREATE TABLE sessions_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',        -- Markdown
    kind         TEXT NOT NULL CHECK (kind IN ('workshop', 'talk', 'lightning_talks', 'open_space', 'meal', 'social', 'other')),
    starts_at    TIMESTAMP NOT NULL,
    ends_at      TIMESTAMP NOT NULL,
    room_id      INTEGER REFERENCES rooms (id) ON DELETE SET NULL,
    track_id     INTEGER REFERENCES tracks (id) ON DELETE SET NULL,
    capacity     INTEGER CHECK (capacity IS NULL OR capacity >= 1), -- NULL: the room's
    announce     BOOLEAN NOT NULL DEFAULT FALSE,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
INSERT INTO sessions_new (id, gathering_id, title, description, kind, starts_at, ends_at, room_id, track_id,
        capacity, announce, version, created_at, updated_at)
    SELECT id, gathering_id, title, description, kind, starts_at, ends_at, room_id, track_id,
        capacity, announce, version, created_at, updated_at
    FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_gathering_starts ON sessions (gathering_id, starts_at);

CREATE TABLE rsvps_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    gathering_id    INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    session_id      INTEGER REFERENCES sessions (id) ON DELETE CASCADE, -- NULL: the gathering itself
    remote_actor_id INTEGER REFERENCES remote_actors (id) ON DELETE CASCADE,
    guest_name      TEXT NOT NULL DEFAULT '',  -- a day-of sign-up at the venue: a name, unverified
    guest_key       TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('going', 'maybe', 'not_going', 'waitlisted')),
    channel         TEXT NOT NULL CHECK (channel IN ('reply', 'poll', 'join', 'accept', 'web')),
    activity_uri    TEXT NOT NULL DEFAULT '',  -- the message that gave this answer
    waitlisted_at   TIMESTAMP,                 -- place in the queue while waitlisted
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK ((remote_actor_id IS NULL) <> (guest_key = ''))
);
INSERT INTO rsvps_new (id, gathering_id, session_id, remote_actor_id, guest_name, guest_key, status, channel,
        activity_uri, waitlisted_at, created_at, updated_at)
    SELECT id, gathering_id, session_id, remote_actor_id, guest_name, guest_key, status, channel,
        activity_uri, waitlisted_at, created_at, updated_at
    FROM rsvps;
DROP TABLE rsvps;
ALTER TABLE rsvps_new RENAME TO rsvps;
CREATE UNIQUE INDEX rsvps_event_person ON rsvps (gathering_id, COALESCE(session_id, 0), COALESCE(remote_actor_id, 0), guest_key);
CREATE INDEX rsvps_activity ON rsvps (activity_uri);
CREATE INDEX rsvps_session ON rsvps (session_id);

CREATE TABLE users_new (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 1 AND 64),
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'organiser')),
    created_at    TIMESTAMP NOT NULL
);
INSERT INTO users_new (id, username, password_hash, role, created_at)
    SELECT id, username, password_hash, role, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- The sequences: a row per table, at the highest id seen. An id found in
-- a URL is the number after /gatherings/ or /sessions/ (CAST reads the
-- leading digits of "12/poll" as 12, and gives 0 for none).
INSERT INTO sqlite_sequence (name, seq)
    SELECT t.name, 0 FROM (SELECT 'gatherings' AS name UNION ALL SELECT 'sessions' UNION ALL SELECT 'rsvps' UNION ALL SELECT 'users') AS t
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence s WHERE s.name = t.name);

CREATE TEMP TABLE published_ids AS
    SELECT uri FROM tombstones
    UNION SELECT object_uri FROM outbox_activities;

UPDATE sqlite_sequence SET seq = max(seq,
        coalesce((SELECT max(id) FROM gatherings), 0),
        coalesce((SELECT max(CAST(substr(uri, instr(uri, '/gatherings/') + length('/gatherings/')) AS INTEGER))
                  FROM published_ids WHERE instr(uri, '/gatherings/') > 0), 0))
    WHERE name = 'gatherings';
UPDATE sqlite_sequence SET seq = max(seq,
        coalesce((SELECT max(id) FROM sessions), 0),
        coalesce((SELECT max(CAST(substr(uri, instr(uri, '/sessions/') + length('/sessions/')) AS INTEGER))
                  FROM published_ids WHERE instr(uri, '/sessions/') > 0), 0))
    WHERE name = 'sessions';
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(id) FROM rsvps), 0)) WHERE name = 'rsvps';
UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(id) FROM users), 0)) WHERE name = 'users';

DROP TABLE published_ids;
