-- An id, once given out, is never given again (issue 12): nothing to do
-- here. Every table's id is GENERATED ALWAYS AS IDENTITY, a sequence that
-- only moves forward (NO CYCLE, the default): a deleted row's id, or one
-- taken by a transaction that rolled back, is never handed out again, and
-- pg_dump/pg_restore carry each sequence's position. The SQLite side of
-- this migration rebuilds its tables with AUTOINCREMENT; this file keeps
-- both dialects' migrations numbered alike.
SELECT 1;
