-- Every RSVP counts the event's answers by status inside its transaction
-- (capacity, waitlist, the confirmation's "you are one of N"). With status
-- in the index the count reads the index alone instead of every answer's
-- row: on SQLite that transaction holds the only writer.
CREATE INDEX rsvps_event_status ON rsvps (gathering_id, COALESCE(session_id, 0), status);
