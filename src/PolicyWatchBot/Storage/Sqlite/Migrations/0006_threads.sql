-- One thread per action and channel. A thread's parent is an alert posted on its own (the first of
-- the action's alerts in the channel, or a later one when the first message was gone); the subject
-- is the item whose revisions set the stage the parent shows (stage: JSON, null until it changes).
CREATE TABLE threads (
    id              INTEGER PRIMARY KEY,
    channel_id      INTEGER NOT NULL REFERENCES channels(id),
    parent_alert_id INTEGER NOT NULL REFERENCES alerts(id),
    subject_key     TEXT NOT NULL,
    stage           TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX ix_threads_parent ON threads(parent_alert_id);

-- Which items are in which thread, and why: started, correction, cites, cited_by.
CREATE TABLE thread_items (
    channel_id INTEGER NOT NULL REFERENCES channels(id),
    item_key   TEXT NOT NULL,
    thread_id  INTEGER NOT NULL REFERENCES threads(id),
    joined_by  TEXT NOT NULL,
    joined_at  TEXT NOT NULL,
    PRIMARY KEY (channel_id, item_key)
);
CREATE INDEX ix_thread_items_thread ON thread_items(thread_id);

-- The thread an alert was posted in (as its parent or a reply); null for one that started none.
ALTER TABLE alerts ADD COLUMN thread_id INTEGER REFERENCES threads(id);

-- The FR documents an item cites, so a document that comes after the press release citing it joins its thread.
CREATE TABLE item_citations (
    item_key  TEXT NOT NULL,
    cited_key TEXT NOT NULL,
    PRIMARY KEY (item_key, cited_key)
);
CREATE INDEX ix_item_citations_cited ON item_citations(cited_key);
