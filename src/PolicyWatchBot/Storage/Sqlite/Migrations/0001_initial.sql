-- Feed polling state: validators, body hash, health.
CREATE TABLE feed_state (
    feed_id              TEXT PRIMARY KEY,
    etag                 TEXT,
    last_modified        TEXT,
    body_hash            TEXT,
    last_polled_at       TEXT,
    last_success_at      TEXT,
    last_error_at        TEXT,
    last_error           TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_item_count      INTEGER,
    warning              TEXT,
    retry_after          TEXT
);

-- Items, keyed canonically across feeds (fr:2024-00273). History is append-only.
CREATE TABLE items (
    item_key       TEXT PRIMARY KEY,
    first_seen_at  TEXT NOT NULL,
    first_feed_id  TEXT NOT NULL
);

CREATE TABLE item_revisions (
    item_key     TEXT NOT NULL REFERENCES items(item_key),
    revision     INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    feed_id      TEXT NOT NULL,
    seen_at      TEXT NOT NULL,
    published_on TEXT,
    snapshot     TEXT NOT NULL,
    changes      TEXT NOT NULL,
    PRIMARY KEY (item_key, revision)
);
CREATE INDEX ix_item_revisions_seen ON item_revisions(seen_at);

-- Which feeds carry an item (one document can come through BIS, OFAC and public inspection).
CREATE TABLE item_feeds (
    item_key      TEXT NOT NULL REFERENCES items(item_key),
    feed_id       TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    PRIMARY KEY (item_key, feed_id)
);
CREATE INDEX ix_item_feeds_feed ON item_feeds(feed_id);

CREATE TABLE channels (
    id           INTEGER PRIMARY KEY,
    platform     TEXT NOT NULL,
    workspace    TEXT NOT NULL,
    channel      TEXT NOT NULL,
    display_name TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (platform, workspace, channel)
);

-- target: a feed id, '#tag' or 'all'.
CREATE TABLE subscriptions (
    id         INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    target     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (channel_id, target)
);

CREATE TABLE rules (
    id         INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    name       TEXT NOT NULL,
    expression TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (channel_id, name)
);

-- The outbox. status: pending | sent | failed | parked | muted.
-- A worker claims a row by setting lease_owner/lease_expires_at in one UPDATE.
CREATE TABLE alerts (
    id                  INTEGER PRIMARY KEY,
    public_id           TEXT UNIQUE,
    channel_id          INTEGER NOT NULL REFERENCES channels(id),
    item_key            TEXT NOT NULL,
    revision            INTEGER NOT NULL,
    kind                TEXT NOT NULL,
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
    UNIQUE (channel_id, item_key, revision)
);
CREATE INDEX ix_alerts_due ON alerts(status, next_attempt_at);

CREATE TABLE mutes (
    id         INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    scope      TEXT NOT NULL,
    target     TEXT,
    until      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    ended_at   TEXT
);

-- Append-only: who did what, before and after.
CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    channel_id INTEGER REFERENCES channels(id),
    user_id    TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    action     TEXT NOT NULL,
    before     TEXT,
    after      TEXT
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER item_revisions_no_update BEFORE UPDATE ON item_revisions BEGIN SELECT RAISE(ABORT, 'item history is append-only'); END;
