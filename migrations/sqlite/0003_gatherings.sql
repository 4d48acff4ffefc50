-- A gathering: a day or more in a venue and/or online, with rooms, tracks
-- and sessions. Times are UTC; timezone says how people read them.
CREATE TABLE gatherings (
    id               INTEGER PRIMARY KEY,
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
CREATE INDEX gatherings_actor_starts ON gatherings (actor_id, starts_at);

CREATE TABLE rooms (
    id           INTEGER PRIMARY KEY,
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    capacity     INTEGER CHECK (capacity IS NULL OR capacity >= 1),
    UNIQUE (gathering_id, name)
);

CREATE TABLE tracks (
    id           INTEGER PRIMARY KEY,
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT NOT NULL,
    UNIQUE (gathering_id, name)
);

-- A session inside a gathering: a workshop, a talk, lunch, the pub.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
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
CREATE INDEX sessions_gathering_starts ON sessions (gathering_id, starts_at);

-- Who runs a session: a name, a fediverse account, or both.
CREATE TABLE facilitators (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT NOT NULL DEFAULT '',
    handle      TEXT NOT NULL DEFAULT '',         -- @user@host, as resolved
    actor_uri   TEXT NOT NULL DEFAULT '',
    profile_url TEXT NOT NULL DEFAULT '',
    avatar_url  TEXT NOT NULL DEFAULT '',
    inbox       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX facilitators_session ON facilitators (session_id);

-- Ids of deleted objects: fetching one answers 410 Gone.
CREATE TABLE tombstones (
    uri        TEXT PRIMARY KEY,
    type       TEXT NOT NULL,
    deleted_at TIMESTAMP NOT NULL
);
