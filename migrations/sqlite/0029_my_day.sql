-- "My day": on the morning of each day of a gathering, everyone signed
-- up for one of that day's sessions gets one direct note listing theirs.
-- my_day is the local time of day (in the gathering's zone) it is sent,
-- as HH:MM; empty sends none.
ALTER TABLE gatherings ADD COLUMN my_day TEXT NOT NULL DEFAULT '08:00';

-- Who was sent the note of which local day (YYYY-MM-DD) of a gathering:
-- a row is written with the note's delivery, in one transaction, so a
-- job run again, or the day's note rescheduled to another time, sends
-- nobody a second one.
CREATE TABLE my_day_sent (
    gathering_id    INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    day             TEXT NOT NULL,
    remote_actor_id INTEGER NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    sent_at         TIMESTAMP NOT NULL,
    PRIMARY KEY (gathering_id, day, remote_actor_id)
);

-- A person's own calendar of their sessions of one gathering, at an
-- unguessable address (/my/{token}.ics) sent in their notes. Once given
-- out the address is forever: the gathering deleted leaves the row with
-- no gathering, and the address answers 410.
CREATE TABLE my_calendars (
    token           TEXT PRIMARY KEY,
    gathering_id    INTEGER REFERENCES gatherings (id) ON DELETE SET NULL,
    remote_actor_id INTEGER NOT NULL REFERENCES remote_actors (id) ON DELETE CASCADE,
    created_at      TIMESTAMP NOT NULL,
    UNIQUE (gathering_id, remote_actor_id)
);
