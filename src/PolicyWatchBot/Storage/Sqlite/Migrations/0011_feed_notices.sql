-- Feed health notices. An outage is a feed's trouble (cause: failing | empty) that its subscribed
-- channels were told of; since: its last good read before (null: never read); recovered_at is set
-- when they are told it is over. At most one outage of a feed is open, so nobody is told twice.
CREATE TABLE feed_outages (
    id           INTEGER PRIMARY KEY,
    feed_id      TEXT NOT NULL,
    cause        TEXT NOT NULL,
    since        TEXT,
    told_at      TEXT NOT NULL,
    recovered_at TEXT
);
CREATE UNIQUE INDEX ux_feed_outages_open ON feed_outages(feed_id) WHERE recovered_at IS NULL;

-- One notice per outage, channel and change (down: failing | empty, or recovered), posted through
-- the outbox like alerts. status: pending | parked | sent | failed. Notices are never edited; the
-- update columns are there because every outbox table has them.
CREATE TABLE feed_notices (
    id                  INTEGER PRIMARY KEY,
    public_id           TEXT UNIQUE,
    outage_id           INTEGER NOT NULL REFERENCES feed_outages(id),
    channel_id          INTEGER NOT NULL REFERENCES channels(id),
    change              TEXT NOT NULL,
    status              TEXT NOT NULL,
    payload             TEXT NOT NULL,
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
    update_claimed      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (outage_id, channel_id, change)
);
CREATE INDEX ix_feed_notices_due ON feed_notices(status, next_attempt_at);
CREATE INDEX ix_feed_notices_channel_unsent ON feed_notices(channel_id, created_at) WHERE status IN ('pending', 'parked');
