-- Parking: a send that cannot go until someone acts (a revoked token, the bot removed from the
-- channel) gets status 'parked' with the reason in last_error, and is probed at next_attempt_at.
-- park_scope says what a successful send resumes: 'channel' (its channel) or 'platform' (all).
ALTER TABLE alerts ADD COLUMN park_scope TEXT;
ALTER TABLE digests ADD COLUMN park_scope TEXT;
CREATE INDEX ix_alerts_channel_unsent ON alerts(channel_id, created_at) WHERE status IN ('pending', 'parked');
