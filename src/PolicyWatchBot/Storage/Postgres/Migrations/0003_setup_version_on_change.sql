-- The setup version moves only when a statement changed a row, as SQLite's row triggers make it
-- move. A statement trigger fires even when its statement changed nothing (a subscribe to a feed
-- already subscribed, an unsubscribe from one that was not, a removed rule that did not exist), so
-- each trigger now looks at its transition table, and every instance rebuilds its compiled rules
-- only when a channel's setup really changed. One bump per statement, however many rows it changed.
CREATE FUNCTION bump_setup_version_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT FROM changed_rows) THEN
        UPDATE setup_version SET version = version + 1;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER channels_setup_version ON channels;
DROP TRIGGER subscriptions_setup_version ON subscriptions;
DROP TRIGGER rules_setup_version ON rules;
DROP TRIGGER watchlist_entries_setup_version ON watchlist_entries;
DROP FUNCTION bump_setup_version();

-- A trigger with a transition table has one event, so each table gets three.
CREATE TRIGGER channels_setup_version_insert AFTER INSERT ON channels
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
CREATE TRIGGER channels_setup_version_update AFTER UPDATE ON channels
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
CREATE TRIGGER channels_setup_version_delete AFTER DELETE ON channels
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();

CREATE TRIGGER subscriptions_setup_version_insert AFTER INSERT ON subscriptions
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
CREATE TRIGGER subscriptions_setup_version_update AFTER UPDATE ON subscriptions
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
CREATE TRIGGER subscriptions_setup_version_delete AFTER DELETE ON subscriptions
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();

CREATE TRIGGER rules_setup_version_insert AFTER INSERT ON rules
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
CREATE TRIGGER rules_setup_version_update AFTER UPDATE ON rules
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
CREATE TRIGGER rules_setup_version_delete AFTER DELETE ON rules
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();

CREATE TRIGGER watchlist_entries_setup_version_insert AFTER INSERT ON watchlist_entries
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
CREATE TRIGGER watchlist_entries_setup_version_update AFTER UPDATE ON watchlist_entries
    REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
CREATE TRIGGER watchlist_entries_setup_version_delete AFTER DELETE ON watchlist_entries
    REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_setup_version_on_change();
