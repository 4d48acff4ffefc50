-- A gathering's own reminders: how long before it starts those going
-- are sent a direct note, as seconds, space-separated, largest first
-- (as series.reminders). Empty is the default: a day and a quarter of
-- an hour before an online gathering, a day before one in person. An
-- occurrence of a series follows its series' reminders instead.
ALTER TABLE gatherings ADD COLUMN reminders TEXT NOT NULL DEFAULT '';

-- Who was reminded of which start of a gathering, by which reminder:
-- a row is written with the note's delivery, in one transaction, so a
-- reminder job run again (retried, or a second process) sends nobody
-- the same reminder twice. starts_at is the start the reminder was
-- for: a gathering moved is reminded afresh at its new time.
CREATE TABLE reminders_sent (
    gathering_id    BIGINT NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    starts_at       TIMESTAMPTZ NOT NULL,
    offset_seconds  INTEGER NOT NULL,
    remote_actor_id BIGINT NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    sent_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (gathering_id, starts_at, offset_seconds, remote_actor_id)
);
