-- LLM providers managed by operators through the admin API (providers from configuration are not
-- stored). api_key is AES-GCM encrypted under orchestrator.webhooks.secret-key with the name as
-- associated data ("v1:" + base64), null for a server that takes no key. version changes with every
-- write (from a sequence, so a provider deleted and created again never reuses one): the llm runtime
-- builds a new client when it sees a new version.
create sequence llm_provider_versions;

create table llm_providers (
    name         text        primary key check (name ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(name) <= 63),
    base_url     text        not null,
    api_key      text,
    timeout_ms   integer     not null check (timeout_ms between 1000 and 600000),
    max_retries  integer     not null check (max_retries between 0 and 5),
    allowed_host text,
    version      bigint      not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null
);
