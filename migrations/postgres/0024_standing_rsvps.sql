-- A standing RSVP: someone who replied "I'll come to all of them" to an
-- occurrence of a series is going to every occurrence of it made from
-- then on, until they say "not any more". One row per person per
-- series: withdrawing sets withdrawn_at, standing again clears it and
-- names the new reply. activity_uri is the reply that made it; the
-- RSVPs it made carry the same activity_uri, which is how withdrawing
-- finds them and leaves the person's own single answers alone.
CREATE TABLE standing_rsvps (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series_id       BIGINT NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    remote_actor_id BIGINT NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    activity_uri    TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    withdrawn_at    TIMESTAMPTZ,
    UNIQUE (series_id, remote_actor_id)
);
