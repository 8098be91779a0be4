-- The history backfill of a Federal Register feed (PolicyWatch:Feeds:BackfillDays), one per feed:
-- the query it reads (url), the days it covers (from_date to through_date), how far down it has
-- read (read_from: every day from it to through_date is stored; null: nothing yet), the documents
-- it stored, those of days past the API's limit it could not read, when it completed, and why its
-- last attempt stopped (it resumes on the next poll).
CREATE TABLE feed_backfills (
    feed_id      TEXT PRIMARY KEY,
    url          TEXT NOT NULL,
    days         INTEGER NOT NULL,
    from_date    TEXT NOT NULL,
    through_date TEXT NOT NULL,
    read_from    TEXT,
    documents    INTEGER NOT NULL DEFAULT 0,
    unread       INTEGER NOT NULL DEFAULT 0,
    started_at   TEXT NOT NULL,
    completed_at TEXT,
    last_error   TEXT
);
