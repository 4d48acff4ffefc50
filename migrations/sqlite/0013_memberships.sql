-- Which co-op accounts each organiser organises for. Admins act for every
-- account and need no rows here.
CREATE TABLE memberships (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    actor_id   INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, actor_id)
);
CREATE INDEX memberships_actor_id ON memberships (actor_id);

-- Until now every organiser could act for every co-op account. So that
-- nobody loses access on upgrade, each existing organiser keeps every
-- existing account; an admin narrows them on the People page (or with
-- gather admin revoke). Accounts and organisers created from now on start
-- with no memberships unless an admin grants them.
INSERT INTO memberships (user_id, actor_id, created_at)
SELECT users.id, actors.id, users.created_at
FROM users CROSS JOIN actors
WHERE users.role = 'organiser' AND actors.kind = 'Group';

-- What an API token may do: 'read' tokens are refused every change.
-- Tokens made before scopes existed could do everything; they keep it.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));
