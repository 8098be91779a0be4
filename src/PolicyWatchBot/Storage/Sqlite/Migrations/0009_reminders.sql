-- Deadline reminders. A channel's plan per kind of deadline as commands spell it ("14d,3d",
-- "1d --unacked", "off"); null is the default (comments 7d,1d; effective 1d).
ALTER TABLE channels ADD COLUMN remind_comments TEXT;
ALTER TABLE channels ADD COLUMN remind_effective TEXT;

-- The deadlines a channel is reminded of: per channel, item and kind (comments | effective), the
-- calendar date in the source's zone and the latest alert that gave it (its thread gets the reminders).
CREATE TABLE deadlines (
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    item_key   TEXT NOT NULL,
    deadline   TEXT NOT NULL,
    due_on     TEXT NOT NULL,
    zone       TEXT NOT NULL,
    alert_id   INTEGER NOT NULL REFERENCES alerts(id),
    PRIMARY KEY (channel_id, item_key, deadline)
);

-- One reminder per deadline and days before it. status: scheduled (waiting for due_at) | moved (its
-- date or the channel's plan changed) | skipped (not sent, last_error says why) | then as any outbox
-- post: pending | parked | sent | failed. It becomes an outbox post (public_id, payload, created_at)
-- when it falls due.
CREATE TABLE reminders (
    id                  INTEGER PRIMARY KEY,
    public_id           TEXT UNIQUE,
    channel_id          INTEGER NOT NULL REFERENCES channels(id),
    item_key            TEXT NOT NULL,
    deadline            TEXT NOT NULL,
    due_on              TEXT NOT NULL,
    days_before         INTEGER NOT NULL,
    zone                TEXT NOT NULL,
    alert_id            INTEGER NOT NULL REFERENCES alerts(id),
    due_at              TEXT NOT NULL,
    status              TEXT NOT NULL,
    payload             TEXT,
    created_at          TEXT NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    next_attempt_at     TEXT NOT NULL,
    last_error          TEXT,
    lease_owner         TEXT,
    lease_expires_at    TEXT,
    sent_at             TEXT,
    platform_message_id TEXT,
    park_scope          TEXT,
    update_due_at       TEXT,
    update_attempts     INTEGER NOT NULL DEFAULT 0,
    update_requests     INTEGER NOT NULL DEFAULT 0,
    update_claimed      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_reminders_scheduled ON reminders(due_at) WHERE status = 'scheduled';
CREATE INDEX ix_reminders_deadline ON reminders(channel_id, item_key, deadline);
CREATE INDEX ix_reminders_due ON reminders(status, next_attempt_at);
CREATE INDEX ix_reminders_channel_unsent ON reminders(channel_id, created_at) WHERE status IN ('pending', 'parked');
