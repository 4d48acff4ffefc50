-- The admin's "Profile and settings" page (issue 7).
--
-- A co-op's profile beyond its name and bio: the bio as typed (Markdown;
-- summary keeps the HTML rendered from it), the avatar and header
-- pictures (a file in the data dir's media folder, its type and size; ''
-- and 0 for none), and up to four links as a JSON array of
-- {"name", "url"}: they are always read and written together.
ALTER TABLE actors ADD COLUMN summary_source TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN avatar_file TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN avatar_type TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN avatar_width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN avatar_height INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN header_file TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN header_type TEXT NOT NULL DEFAULT '';
ALTER TABLE actors ADD COLUMN header_width INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN header_height INTEGER NOT NULL DEFAULT 0;
ALTER TABLE actors ADD COLUMN links TEXT NOT NULL DEFAULT '[]';

-- The instance-wide settings: one row, id 1, made here so that reading it
-- never finds nothing. default_timezone is an IANA name, or '' for none.
CREATE TABLE instance_settings (
    id                SMALLINT PRIMARY KEY CHECK (id = 1),
    default_timezone  TEXT NOT NULL DEFAULT '',
    rsvp_poll_default BOOLEAN NOT NULL DEFAULT TRUE
);
INSERT INTO instance_settings (id) VALUES (1);
