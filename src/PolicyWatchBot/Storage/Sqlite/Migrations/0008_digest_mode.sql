-- Digest mode: a channel's non-urgent alerts are held (alerts.status 'digest') and posted as one
-- digest at the channel's time. digest_schedule as commands spell it ("weekdays 08:30
-- America/New_York"), null in live mode; next_digest_at: when the next digest is due.
ALTER TABLE channels ADD COLUMN digest_schedule TEXT;
ALTER TABLE channels ADD COLUMN next_digest_at TEXT;
CREATE INDEX ix_channels_next_digest ON channels(next_digest_at) WHERE next_digest_at IS NOT NULL;
CREATE INDEX ix_alerts_digest_held ON alerts(channel_id, id) WHERE status = 'digest';
