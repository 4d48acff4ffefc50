-- When a session was first sent to followers on its own, if that was after
-- its gathering was published (added later, or marked to be announced
-- later): its post is published then, not at the gathering's time, so it
-- lands at the top of people's timelines. NULL: announced with the
-- gathering, or never.
ALTER TABLE sessions ADD COLUMN announced_at TIMESTAMP;
