-- Co-hosting, both ways.
--
-- co_hosts: the co-ops one of our gatherings names as its co-hosts, by
-- the handle (or actor address) the organiser typed, in their order. Each
-- is looked up as a facilitator's handle is: lookup is '' once found
-- (actor_uri, name, inbox filled), 'pending' while its server has not
-- answered, 'not_found' once it said there is no such account. A found
-- co-host is credited in the gathering's Event (organizers) and sent it.
CREATE TABLE co_hosts (
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    handle       TEXT NOT NULL,
    actor_uri    TEXT NOT NULL DEFAULT '',
    name         TEXT NOT NULL DEFAULT '',
    profile_url  TEXT NOT NULL DEFAULT '',
    inbox        TEXT NOT NULL DEFAULT '',
    lookup       TEXT NOT NULL DEFAULT '' CHECK (lookup IN ('', 'pending', 'not_found')),
    PRIMARY KEY (gathering_id, handle)
);

-- co_hosted_events: another server's gathering whose Event names one of
-- our co-op accounts among its organizers, sent by its own server. It is
-- kept apart from remote_events because its host need not be a source we
-- follow. state: 'accepted' is listed publicly as co-hosted (at once when
-- we follow the host; else once an organiser accepts), 'pending' waits
-- for an organiser, 'declined' is kept so that the next Update does not
-- ask again. version is the event's updated (else published) time: an
-- update is taken only when newer.
CREATE TABLE co_hosted_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    actor_id      INTEGER NOT NULL REFERENCES actors (id) ON DELETE CASCADE, -- ours, named as co-host
    object_uri    TEXT NOT NULL,
    host_uri      TEXT NOT NULL,                          -- the Event's attributedTo
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'accepted', 'declined')),
    starts_at     TIMESTAMP NOT NULL,
    ends_at       TIMESTAMP,
    timezone      TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'EventScheduled',
    version       TIMESTAMP,
    received_at   TIMESTAMP NOT NULL,
    decided_at    TIMESTAMP,
    host_handle   TEXT NOT NULL DEFAULT '',
    url           TEXT NOT NULL DEFAULT '',
    title         TEXT NOT NULL,
    place_name    TEXT NOT NULL DEFAULT '',
    place_address TEXT NOT NULL DEFAULT '',
    online_url    TEXT NOT NULL DEFAULT '',
    UNIQUE (actor_id, object_uri)
);
CREATE INDEX co_hosted_events_object ON co_hosted_events (object_uri);
CREATE INDEX co_hosted_events_starts_at ON co_hosted_events (starts_at);
