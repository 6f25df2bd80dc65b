-- The agent catalog. `agents` holds each agent's current definition (the one selections use);
-- `agent_versions` keeps every published definition, so that an execution can be traced to the
-- exact version it ran and operators can publish new versions later without losing history.
-- Workflows will get their own tables in a later migration.

-- Identifiers used in capabilities, consumes and produces: lower snake_case, no empty or null element.
-- The lists are varchar[] (not text[]) because that is the type Hibernate gives String arrays in queries.
create function is_identifier_list(items varchar[], allow_empty boolean) returns boolean
    language sql immutable as
$$
select array_position(items, null) is null
   and (cardinality(items) > 0 or allow_empty)
   and array_to_string(items, ',') ~ '^([a-z][a-z0-9_]*(,[a-z][a-z0-9_]*)*)?$'
$$;

create table agents (
    id                   text primary key check (id ~ '^agent_[a-z0-9_]{1,64}$'),
    name                 text not null unique check (name ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    display_name         text not null check (length(display_name) between 1 and 200),
    vertical             text not null check (vertical ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    description          text not null check (length(description) between 1 and 4000),
    capabilities         varchar[] not null check (is_identifier_list(capabilities, false)),
    consumes             varchar[] not null default '{}' check (is_identifier_list(consumes, true)),
    produces             varchar[] not null default '{}' check (is_identifier_list(produces, true)),
    base_price           numeric(20, 6) not null check (base_price >= 0),
    variable_price       numeric(20, 6) not null default 0 check (variable_price >= 0),
    pricing_unit         text not null check (pricing_unit ~ '^[a-z0-9][a-z0-9_]*$'),
    typical_units        integer not null default 0 check (typical_units >= 0),
    runtime_type         text not null check (runtime_type in ('simulated', 'http')),
    runtime_endpoint     text check (runtime_endpoint ~ '^https?://'),
    runtime_timeout_ms   integer check (runtime_timeout_ms > 0),
    runtime_latency_ms   integer check (runtime_latency_ms >= 0),
    runtime_failure_rate numeric(5, 4) check (runtime_failure_rate between 0 and 1),
    typical_latency_ms   integer not null check (typical_latency_ms > 0),
    status               text not null default 'active' check (status in ('active', 'deprecated')),
    version              integer not null default 1 check (version >= 1),
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    -- An http agent cannot be called without an address and a time limit.
    constraint agents_http_runtime_is_complete
        check (runtime_type <> 'http' or (runtime_endpoint is not null and runtime_timeout_ms is not null))
);

create index agents_vertical_idx on agents (vertical);
create index agents_capabilities_idx on agents using gin (capabilities);

-- updated_at moves on every change, whoever writes: the selection index compares it to know when
-- to rebuild, so it must not depend on application code remembering to set it.
create function agents_touch_updated_at() returns trigger
    language plpgsql as
$$
begin
    new.updated_at := now();
    return new;
end
$$;

create trigger agents_touch_updated_at
    before update on agents
    for each row execute function agents_touch_updated_at();

create table agent_versions (
    agent_id     text        not null references agents (id),
    version      integer     not null check (version >= 1),
    definition   jsonb       not null,
    published_at timestamptz not null default now(),
    primary key (agent_id, version)
);
