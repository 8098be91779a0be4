-- Full texts of documents of fullText feeds (FR raw_text_url), one per revision that fetched one,
-- kept apart from the revision's snapshot so history stays small to stream. truncated: 1 when the
-- text was longer than PolicyWatch:Feeds:MaxFullTextBytes and only its start is kept.
CREATE TABLE item_bodies (
    item_key   TEXT NOT NULL,
    revision   INTEGER NOT NULL,
    body       TEXT NOT NULL,
    truncated  INTEGER NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (item_key, revision),
    FOREIGN KEY (item_key, revision) REFERENCES item_revisions(item_key, revision)
);
