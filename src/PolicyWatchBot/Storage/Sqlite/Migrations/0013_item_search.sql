-- Backtests (rule test) find their candidates through a term index instead of reading every snapshot.

-- The date a backtest counts an item at: its latest revision's publication date, else the UTC day it
-- was first seen. Kept by the poll that writes a revision.
ALTER TABLE items ADD COLUMN dated TEXT;
UPDATE items SET dated = COALESCE(
    (SELECT r.published_on FROM item_revisions r WHERE r.item_key = items.item_key AND r.revision = items.latest_revision),
    substr(first_seen_at, 1, 10));
CREATE INDEX ix_items_dated ON items(dated);

-- The terms of each item's latest revision, one column per rule field (body excepted), as the
-- matcher's own tokens separated by spaces. The ascii tokenizer only splits them again: it keeps
-- every non-ASCII character in its token, so no Unicode table of SQLite's can read a token otherwise. Contentless: the tokens are not kept twice, only the index. search_id is the item's row here;
-- null until the store has indexed it (the store indexes such items when it starts, so this script
-- needs none of the bot's code).
ALTER TABLE items ADD COLUMN search_id INTEGER;
CREATE UNIQUE INDEX ux_items_search_id ON items(search_id);
CREATE INDEX ix_items_unindexed ON items(item_key) WHERE search_id IS NULL;
CREATE VIRTUAL TABLE item_terms USING fts5(
    title, summary, action, agency, type, cfr, docket, feed, jurisdiction, rin, topic, significant, extra,
    content = '', contentless_delete = 1, detail = column, tokenize = 'ascii');

-- The version of the indexed terms (tokens and fields) the index holds; another version is indexed again.
CREATE TABLE item_terms_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
