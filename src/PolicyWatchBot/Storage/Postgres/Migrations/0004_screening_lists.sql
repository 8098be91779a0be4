-- Screening lists, as SQLite's 0015_screening_lists: the last version of each list an entity-list
-- feed loaded, entity by entity. entity: the ListedEntity as JSON text (read back whole, never queried).
CREATE TABLE screening_lists (
    list       text PRIMARY KEY,
    feed_id    text NOT NULL,
    entities   integer NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE screening_list_entities (
    list      text NOT NULL REFERENCES screening_lists(list),
    entity_id text NOT NULL,
    entity    text NOT NULL,
    PRIMARY KEY (list, entity_id)
);
