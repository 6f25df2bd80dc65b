-- The secret each agent checks the orchestrator's calls with (HMAC-SHA256 signatures, see the
-- orchestrator's agent protocol). Stored AES-GCM encrypted under registry.agents.secret-key with the
-- agent id as associated data: 'v1:' + base64(IV || ciphertext || tag); never in clear.
create table agent_signing_secrets (
    agent_id   text primary key references agents (id) on delete cascade,
    secret     text not null check (secret like 'v1:%'),
    rotated_at timestamptz not null default now()
);
