-- Browsers signed in to the organisers' web admin. The id is the SHA-256
-- (hex) of the session cookie's random token: the cookie itself is never
-- stored, so a copy of the database signs no one in.
CREATE TABLE web_sessions (
    id           TEXT PRIMARY KEY CHECK (length(id) = 64),
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_agent   TEXT NOT NULL DEFAULT '',  -- shortened, to tell sessions apart
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_user_id ON web_sessions (user_id);
CREATE INDEX web_sessions_expires_at ON web_sessions (expires_at);

-- Failed sign-ins, one row per subject ("account:<username>" or
-- "client:<address>"), to limit guessing across every gather process that
-- shares the database. Rows older than the limit's window are deleted.
CREATE TABLE sign_in_failures (
    id        INTEGER PRIMARY KEY,
    subject   TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX sign_in_failures_subject ON sign_in_failures (subject, failed_at);
CREATE INDEX sign_in_failures_failed_at ON sign_in_failures (failed_at);
