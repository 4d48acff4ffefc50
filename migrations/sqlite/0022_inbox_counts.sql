-- Inbox POSTs counted for every node (issue 20): nothing to do here.
-- SQLite serves one process, whose in-memory count per remote host is the
-- whole count; the PostgreSQL side of 0022 adds the shared table. This
-- file keeps the two numberings aligned.
SELECT 1;
