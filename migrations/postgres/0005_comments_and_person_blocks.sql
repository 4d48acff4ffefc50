-- Replies to our events that carry no RSVP: kept for the organisers.
CREATE TABLE comments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    gathering_id    BIGINT NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    session_id      BIGINT REFERENCES sessions (id) ON DELETE CASCADE,
    remote_actor_id BIGINT NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    note_uri        TEXT NOT NULL UNIQUE,
    content_html    TEXT NOT NULL,  -- as received: sanitise before showing
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX comments_gathering ON comments (gathering_id);

-- People (remote actors) an organiser blocked: they cannot RSVP.
CREATE TABLE blocked_actors (
    uri        TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL
);
