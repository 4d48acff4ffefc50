-- What our own people (admins, organisers, their API tokens, the command
-- line) changed, removed or blocked, written in the same transaction as
-- the change. username and coop are copied, not only referenced, so that
-- an entry still says who and where after the user or account is gone.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TIMESTAMP NOT NULL,
    user_id   INTEGER,              -- NULL: the command line
    username  TEXT NOT NULL,        -- or 'command line'
    via       TEXT NOT NULL,        -- web, api, cli
    token     TEXT NOT NULL DEFAULT '', -- an API token's fingerprint
    actor_id  INTEGER,              -- the co-op account concerned; NULL: the instance
    coop      TEXT NOT NULL DEFAULT '',
    action    TEXT NOT NULL,
    target    TEXT NOT NULL DEFAULT '',
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);

-- Reports get a resolution, and may be our own: an organiser's report of
-- a remote account (target_uri), which we may forward to its server as a
-- Flag. Inbound reports have target_uri '' (their target is actor_id).
ALTER TABLE reports ADD COLUMN target_uri TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN reporter_user TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN resolved_at TIMESTAMP;
ALTER TABLE reports ADD COLUMN resolved_by TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN forwarded_at TIMESTAMP;
CREATE INDEX reports_open ON reports ((resolved_at IS NOT NULL), received_at);

-- Comments an organiser hid. A row here, not a column on comments, so
-- that a reply edited later (saved again) stays hidden.
CREATE TABLE comment_hides (
    comment_id INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
    hidden_by  TEXT NOT NULL,
    hidden_at  TIMESTAMP NOT NULL
);
