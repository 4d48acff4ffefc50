-- Remote actors we have fetched: where to deliver to them and how to check
-- their signatures. Refreshed when a key stops verifying or they send Update.
CREATE TABLE remote_actors (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uri            TEXT NOT NULL UNIQUE,
    host           TEXT NOT NULL, -- host[:port] of uri: deliveries are tracked per host
    domain         TEXT NOT NULL, -- host name of uri without port: blocks apply per domain
    username       TEXT NOT NULL DEFAULT '',
    name           TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',
    icon_url       TEXT NOT NULL DEFAULT '',
    inbox          TEXT NOT NULL,
    shared_inbox   TEXT NOT NULL DEFAULT '',
    key_id         TEXT NOT NULL,
    public_key_pem TEXT NOT NULL,
    fetched_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX remote_actors_key_id ON remote_actors (key_id);
CREATE INDEX remote_actors_host ON remote_actors (host);

-- Remote actors following our actors. A pending follow waits for an
-- organiser when the actor approves followers by hand.
CREATE TABLE follows (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id        BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    remote_actor_id BIGINT NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    follow_uri      TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'accepted')),
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (actor_id, remote_actor_id)
);
CREATE INDEX follows_remote_actor_id ON follows (remote_actor_id);

-- Every activity that reached an inbox, byte for byte, before processing.
-- The unique uri makes a repeated delivery a no-op.
CREATE TABLE inbox_activities (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uri          TEXT NOT NULL UNIQUE,
    type         TEXT NOT NULL,
    actor_uri    TEXT NOT NULL,
    raw          TEXT NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    processed_at TIMESTAMPTZ
);

-- Activities our actors sent. Kept so that their ids answer GET, the outbox
-- can list them, and every delivery retry sends the same document.
CREATE TABLE outbox_activities (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uri        TEXT NOT NULL UNIQUE,
    actor_id   BIGINT NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    object_uri TEXT NOT NULL DEFAULT '',
    raw        TEXT NOT NULL,
    public     BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX outbox_activities_actor ON outbox_activities (actor_id, public, id);

-- How delivery to each remote host (host[:port]) is going.
CREATE TABLE hosts (
    host            TEXT PRIMARY KEY,
    failing_since   TIMESTAMPTZ,
    unreachable     BOOLEAN NOT NULL DEFAULT FALSE,
    last_success_at TIMESTAMPTZ
);

-- Domains whose servers we neither deliver to nor accept activities from.
CREATE TABLE blocked_domains (
    domain     TEXT PRIMARY KEY CHECK (domain = lower(domain)),
    created_at TIMESTAMPTZ NOT NULL
);
