-- The URL a feed's validators (ETag, Last-Modified) and body hash belong to: when a feed file's
-- URL is edited, the next poll starts without them instead of sending the old URL's ETag.
ALTER TABLE feed_state ADD COLUMN url TEXT;
