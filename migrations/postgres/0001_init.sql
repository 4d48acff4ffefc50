-- Local accounts: co-op actors (Group) and the instance actor (Application).
CREATE TABLE actors (
    id                          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handle                      TEXT NOT NULL UNIQUE CHECK (handle = lower(handle) AND length(handle) BETWEEN 1 AND 64),
    kind                        TEXT NOT NULL CHECK (kind IN ('Group', 'Application')),
    name                        TEXT NOT NULL,
    summary                     TEXT NOT NULL DEFAULT '',
    private_key_pem             TEXT NOT NULL,
    public_key_pem              TEXT NOT NULL,
    manually_approves_followers BOOLEAN NOT NULL DEFAULT FALSE,
    discoverable                BOOLEAN NOT NULL DEFAULT TRUE,
    created_at                  TIMESTAMPTZ NOT NULL
);

-- People who sign in to organise: admins and organisers.
CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE CHECK (username = lower(username) AND length(username) BETWEEN 1 AND 64),
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'organiser')),
    created_at    TIMESTAMPTZ NOT NULL
);

-- API tokens for the JSON API. Only a SHA-256 of each token is kept.
CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_user_id ON api_tokens (user_id);
