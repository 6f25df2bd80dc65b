-- Tenants and their API keys. A key is stored only as the SHA-256 of the full key plus a short
-- display prefix; the full key is shown once, when it is created.
create table accounts (
    id          varchar(40)  primary key,
    name        varchar(200) not null,
    tier        varchar(20)  not null check (tier in ('developer', 'business', 'enterprise')),
    status      varchar(20)  not null default 'active' check (status in ('active', 'suspended')),
    created_at  timestamptz  not null default now()
);

create table api_keys (
    id            varchar(40)  primary key,
    account_id    varchar(40)  not null references accounts (id),
    name          varchar(200) not null,
    environment   varchar(10)  not null check (environment in ('live', 'test')),
    display_prefix varchar(24) not null,
    key_hash      char(64)     not null unique,
    created_at    timestamptz  not null default now(),
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz
);

create index api_keys_account on api_keys (account_id);
