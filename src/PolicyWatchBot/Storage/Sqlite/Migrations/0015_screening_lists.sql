-- Screening lists: the last version of each list an entity-list feed loaded, entity by entity, that
-- the next download is diffed against. entity: the ListedEntity as JSON. A list without a row in
-- screening_lists was never loaded: its first load is a baseline (no alerts).
CREATE TABLE screening_lists (
    list       TEXT PRIMARY KEY,
    feed_id    TEXT NOT NULL,
    entities   INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE screening_list_entities (
    list      TEXT NOT NULL REFERENCES screening_lists(list),
    entity_id TEXT NOT NULL,
    entity    TEXT NOT NULL,
    PRIMARY KEY (list, entity_id)
) WITHOUT ROWID;
