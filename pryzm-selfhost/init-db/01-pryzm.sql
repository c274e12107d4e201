-- Runs once, when the postgres volume is first created. The schema itself is created by
-- PRYZM's numbered migrations (applied by whichever service starts first).
ALTER DATABASE pryzm SET timezone TO 'UTC';
CREATE EXTENSION IF NOT EXISTS pgcrypto;
