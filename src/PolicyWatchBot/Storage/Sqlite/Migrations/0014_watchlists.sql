-- Watchlists: the names a channel screens for. aliases: the other names, one a line (names are one
-- line each); country: ISO 3166 alpha-2, upper case, or null. A name is unique in its channel
-- whatever its case. watch_threshold: the channel's match score (null: the default, 0.9).
CREATE TABLE watchlist_entries (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES channels(id),
    name            TEXT NOT NULL COLLATE NOCASE,
    aliases         TEXT NOT NULL,
    country         TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_by_name TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (channel_id, name)
);

ALTER TABLE channels ADD COLUMN watch_threshold REAL;

CREATE TRIGGER watchlist_insert_version AFTER INSERT ON watchlist_entries BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER watchlist_update_version AFTER UPDATE ON watchlist_entries BEGIN UPDATE setup_version SET version = version + 1; END;
CREATE TRIGGER watchlist_delete_version AFTER DELETE ON watchlist_entries BEGIN UPDATE setup_version SET version = version + 1; END;
