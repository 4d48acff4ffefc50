-- Inbox POSTs per remote host and fixed window, counted for every node on
-- this database (issue 20). Each node's in-memory bucket sheds a flood
-- first; the POSTs that pass it add one here and are refused once the
-- window's sum, over the nodes, passes the limit.
--
-- UNLOGGED: a count that lasts seconds needs no WAL, and one lost in a
-- crash only lets a host send a window's worth again. Standbys do not
-- see it, which is right: they take no POSTs.
CREATE UNLOGGED TABLE inbox_counts (
    host         TEXT NOT NULL,
    window_start TIMESTAMPTZ NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (host, window_start)
);
-- The sweep of hosts that stopped sending.
CREATE INDEX inbox_counts_window_start ON inbox_counts (window_start);
