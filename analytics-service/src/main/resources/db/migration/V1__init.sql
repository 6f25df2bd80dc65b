-- Every execution event the platform published, stored once. Rows are never updated or deleted
-- by the service: the table is an append-only log that queries and usage reports read.
CREATE TABLE events (
    id          BIGSERIAL    PRIMARY KEY,
    event_id    TEXT         NOT NULL,
    account_id  TEXT         NOT NULL,
    agent_id    TEXT,
    agent_name  TEXT,
    session_id  TEXT         NOT NULL,
    environment TEXT         NOT NULL,
    event_name  TEXT         NOT NULL,
    event_type  TEXT         NOT NULL,
    payload     JSONB        NOT NULL,
    created_at  TIMESTAMPTZ  NOT NULL,
    received_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- A redelivered CloudEvent carries the same id: the consumer's INSERT ... ON CONFLICT DO NOTHING relies on it.
    CONSTRAINT events_event_id_unique UNIQUE (event_id),
    CONSTRAINT events_ids_not_blank CHECK (
        btrim(event_id) <> '' AND btrim(account_id) <> '' AND btrim(session_id) <> ''
        AND btrim(event_name) <> '' AND btrim(event_type) <> ''),
    CONSTRAINT events_environment_known CHECK (environment IN ('development', 'staging', 'production')),
    CONSTRAINT events_agent_named CHECK (agent_id IS NULL OR (btrim(agent_id) <> '' AND agent_name IS NOT NULL)),
    CONSTRAINT events_payload_object CHECK (jsonb_typeof(payload) = 'object')
);

-- POST /api/v1/events/agent: one account's agent in one environment, newest first.
CREATE INDEX events_agent_timeline_idx ON events (account_id, agent_id, environment, created_at DESC, id DESC);
-- The same query narrowed by event name (filters.eventName).
CREATE INDEX events_agent_event_name_idx ON events (account_id, agent_id, environment, event_name, created_at DESC);
-- filters.sessionId: a session (execution) holds few events, so the session id alone is selective.
CREATE INDEX events_session_idx ON events (session_id);
