-- Abuse reports (ActivityPub Flag) other servers' moderators sent about
-- one of our co-op accounts. object_uris holds the reported ids of ours,
-- one a line (ids are URLs, which hold no newline).
CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    uri          TEXT NOT NULL UNIQUE,
    reporter_uri TEXT NOT NULL,
    actor_id     INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    object_uris  TEXT NOT NULL DEFAULT '',
    content      TEXT NOT NULL DEFAULT '',
    received_at  TIMESTAMP NOT NULL
);
CREATE INDEX reports_received_at ON reports (received_at);
