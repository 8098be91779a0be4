-- Noise tiers. An urgent rule's alerts go out at once and are never grouped; notify_kind
-- (user | group) and notify_id are the platform's id of who its urgent alerts ping.
ALTER TABLE rules ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rules ADD COLUMN notify_kind TEXT;
ALTER TABLE rules ADD COLUMN notify_id TEXT;

-- flood N: more than N alerts of one poll become one grouped message; null is the default (5).
ALTER TABLE channels ADD COLUMN flood_threshold INTEGER;

-- A channel's settings are part of the setup polls compile.
CREATE TRIGGER channels_update_version AFTER UPDATE ON channels BEGIN UPDATE setup_version SET version = version + 1; END;
