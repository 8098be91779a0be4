-- Polls are planned, then written: what the planner reads must be cheap to find.

-- The setup version: bumped by every change to channels, subscriptions or rules, so compiled
-- rules are rebuilt only when they change (and every instance sees the change).
CREATE TABLE setup_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO setup_version (id, version) VALUES (1, 1);
CREATE TRIGGER channels_insert_version AFTER INSERT ON channels BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER channels_delete_version AFTER DELETE ON channels BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER subscriptions_insert_version AFTER INSERT ON subscriptions BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER subscriptions_update_version AFTER UPDATE ON subscriptions BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER subscriptions_delete_version AFTER DELETE ON subscriptions BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER rules_insert_version AFTER INSERT ON rules BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER rules_update_version AFTER UPDATE ON rules BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER rules_delete_version AFTER DELETE ON rules BEGIN UPDATE setup_version SET version = version + 1; END;

-- Each item's latest revision, so the latest snapshots are read without sorting the history
-- (backtests stream them). Kept by the poll that appends a revision.
ALTER TABLE items ADD COLUMN latest_revision INTEGER NOT NULL DEFAULT 1;
UPDATE items SET latest_revision = (SELECT MAX(r.revision) FROM item_revisions r WHERE r.item_key = items.item_key)
WHERE EXISTS (SELECT 1 FROM item_revisions r WHERE r.item_key = items.item_key AND r.revision > 1);

-- A poll reads the earlier alerts of the items it may alert about.
CREATE INDEX ix_alerts_item ON alerts(item_key, channel_id, revision);
