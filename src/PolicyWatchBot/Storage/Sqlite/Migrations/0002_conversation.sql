-- Conversation features: digests, acknowledgements, message updates, rule hit counts, mute settlement.

-- One message listing several alerts (flood control, or a mute's held alerts). Same lease protocol
-- as alerts. status: pending | sent | failed. update_due_at: the posted message must be edited
-- (an acknowledgement changed it); update_requests counts such requests, update_claimed is the
-- count a worker's claim covers, so an acknowledgement made during an update is not lost.
CREATE TABLE digests (
    id                  INTEGER PRIMARY KEY,
    public_id           TEXT UNIQUE,
    channel_id          INTEGER NOT NULL REFERENCES channels(id),
    reason              TEXT NOT NULL,
    payload             TEXT NOT NULL,
    status              TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     TEXT NOT NULL,
    last_error          TEXT,
    lease_owner         TEXT,
    lease_expires_at    TEXT,
    sent_at             TEXT,
    platform_message_id TEXT,
    update_due_at       TEXT,
    update_attempts     INTEGER NOT NULL DEFAULT 0,
    update_requests     INTEGER NOT NULL DEFAULT 0,
    update_claimed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_digests_due ON digests(status, next_attempt_at);
CREATE INDEX ix_digests_update ON digests(update_due_at) WHERE update_due_at IS NOT NULL;

-- status gains: grouped (posted inside a digest; sent once the digest is).
ALTER TABLE alerts ADD COLUMN digest_id INTEGER REFERENCES digests(id);
ALTER TABLE alerts ADD COLUMN acked_at TEXT;
ALTER TABLE alerts ADD COLUMN acked_by_id TEXT;
ALTER TABLE alerts ADD COLUMN acked_by_name TEXT;
ALTER TABLE alerts ADD COLUMN ack_note TEXT;
-- JSON of the mute a button on this alert set (what, who, when, until), shown on the message.
ALTER TABLE alerts ADD COLUMN mute_notice TEXT;
ALTER TABLE alerts ADD COLUMN update_due_at TEXT;
ALTER TABLE alerts ADD COLUMN update_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN update_requests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN update_claimed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ix_alerts_update ON alerts(update_due_at) WHERE update_due_at IS NOT NULL;
CREATE INDEX ix_alerts_digest ON alerts(digest_id) WHERE digest_id IS NOT NULL;
CREATE INDEX ix_alerts_channel ON alerts(channel_id, status);

-- Which rules matched each alert, for hit counts (muted alerts included).
CREATE TABLE alert_rules (
    alert_id   INTEGER NOT NULL REFERENCES alerts(id),
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    rule_name  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (alert_id, rule_name)
);
CREATE INDEX ix_alert_rules_channel ON alert_rules(channel_id, created_at);

-- Alerts queued before this migration keep their hits: the names are in their payloads.
INSERT OR IGNORE INTO alert_rules (alert_id, channel_id, rule_name, created_at)
SELECT a.id, a.channel_id, json_extract(r.value, '$.Name'), a.created_at
FROM alerts a, json_each(a.payload, '$.MatchedRules') r
WHERE json_valid(a.payload) AND json_extract(r.value, '$.Name') IS NOT NULL;

-- Mutes: scope rule | feed | channel (lower case), target compared case-insensitively.
-- settled_at: the held alerts of an ended or lapsed mute were dealt with.
ALTER TABLE mutes ADD COLUMN created_by_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mutes ADD COLUMN settled_at TEXT;
UPDATE mutes SET created_by_name = created_by;
CREATE INDEX ix_mutes_channel ON mutes(channel_id, ended_at);
