-- Executions: one orchestration request, its plan, its lease and its money.
create table executions (
    id                     varchar(21)    primary key check (id ~ '^exec_[a-z0-9]{16}$'),
    account_id             varchar(128)   not null,
    tier                   varchar(16)    not null check (tier in ('developer', 'business', 'enterprise')),
    environment            varchar(8)     not null check (environment in ('live', 'test')),
    request_id             varchar(128)   not null,
    status                 varchar(16)    not null check (status in
                               ('PENDING', 'RUNNING', 'CANCELLING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    query                  text           not null check (char_length(query) between 1 and 10000),
    context                json,
    mode                   varchar(16)    not null check (mode in ('SEQUENTIAL', 'PARALLEL', 'DAG')),
    aggregation_strategy   varchar(16)    not null check (aggregation_strategy in ('merge', 'best', 'vote', 'custom')),
    max_agents             integer        not null check (max_agents between 1 and 10),
    min_confidence         numeric(4, 3)  not null check (min_confidence between 0 and 1),
    verticals              json           not null default '[]',
    required_capabilities  json           not null default '[]',
    rejected_agents        json           not null default '[]',
    webhook_url            text,
    webhook_events         json,
    webhook_secret         text,
    estimated_cost         numeric(20, 6) not null check (estimated_cost >= 0),
    estimated_duration_ms  bigint         not null check (estimated_duration_ms >= 0),
    actual_cost            numeric(20, 6) check (actual_cost >= 0 and actual_cost <= estimated_cost),
    hold_placed            boolean        not null,
    concurrency_limit      integer        not null check (concurrency_limit > 0),
    result                 json,
    error                  text,
    event_sequence         bigint         not null default 0 check (event_sequence >= 0),
    fencing_token          bigint         not null default 0 check (fencing_token >= 0),
    lease_owner            varchar(200),
    lease_expires_at       timestamptz,
    created_at             timestamptz    not null,
    started_at             timestamptz,
    completed_at           timestamptz,
    -- Sandbox executions are never charged, so they never hold money.
    constraint executions_hold_only_live check (not hold_placed or environment = 'live'),
    -- Only an execution that a worker is running has a lease.
    constraint executions_lease_while_active check
        ((status in ('RUNNING', 'CANCELLING')) = (lease_owner is not null and lease_expires_at is not null)),
    constraint executions_terminal_completed check
        ((status in ('COMPLETED', 'FAILED', 'CANCELLED')) = (completed_at is not null)),
    constraint executions_webhook_complete check ((webhook_url is null) = (webhook_events is null))
);

create index executions_account_created on executions (account_id, created_at desc);
create index executions_account_status on executions (account_id, status);
create index executions_pending on executions (created_at) where status = 'PENDING';
create index executions_active_lease on executions (lease_expires_at) where status in ('RUNNING', 'CANCELLING');

-- Steps: one selected agent of an execution, in plan order.
create table execution_steps (
    step_id           varchar(21)    primary key check (step_id ~ '^step_[a-z0-9]{16}$'),
    execution_id      varchar(21)    not null references executions (id) on delete cascade,
    position          integer        not null check (position >= 1),
    agent_id          varchar(128)   not null,
    agent_name        varchar(200)   not null,
    vertical          varchar(100),
    confidence        numeric(4, 3)  not null check (confidence between 0 and 1),
    estimated_cost    numeric(20, 6) not null check (estimated_cost >= 0),
    agent             json           not null,
    depends_on        json           not null default '[]',
    status            varchar(16)    not null check (status in
                          ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'SKIPPED', 'CANCELLED')),
    attempts          integer        not null default 0 check (attempts >= 0),
    started_at        timestamptz,
    completed_at      timestamptz,
    duration_ms       bigint         check (duration_ms >= 0),
    units             numeric(20, 6) check (units >= 0),
    cost              numeric(20, 6) check (cost >= 0),
    output            json,
    output_confidence numeric(4, 3)  check (output_confidence between 0 and 1),
    error             text,
    unique (execution_id, position),
    -- Only a completed step has a cost.
    constraint steps_completed_has_cost check ((status = 'COMPLETED') = (cost is not null))
);

create index execution_steps_execution on execution_steps (execution_id);
create index execution_steps_vertical on execution_steps (vertical, execution_id);

-- Outbox: every lifecycle event, written in the transaction of the change, published to Kafka by the relay.
create table outbox_events (
    id            bigserial    primary key,
    event_id      uuid         not null unique,
    execution_id  varchar(21)  not null references executions (id) on delete cascade,
    sequence      bigint       not null check (sequence >= 1),
    event_type    varchar(64)  not null,
    payload       json         not null,
    created_at    timestamptz  not null,
    published_at  timestamptz,
    unique (execution_id, sequence)
);

create index outbox_events_unpublished on outbox_events (id) where published_at is null;
