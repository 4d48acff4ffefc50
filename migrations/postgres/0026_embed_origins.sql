-- The sites allowed to frame /network/embed, as origins like
-- https://coop.example separated by spaces; '' lets no site frame it.
ALTER TABLE instance_settings ADD COLUMN embed_origins TEXT NOT NULL DEFAULT '';
