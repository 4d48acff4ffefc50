-- A facilitator's fediverse handle that could not be looked up when the
-- session was saved (issue 12.8): the session is saved anyway and a job
-- keeps looking. lookup is '' for a facilitator found (or given by name),
-- 'pending' while the handle is still being looked up, and 'not_found'
-- once its server has answered that there is no such account.
ALTER TABLE facilitators ADD COLUMN lookup TEXT NOT NULL DEFAULT ''
    CHECK (lookup IN ('', 'pending', 'not_found'));
