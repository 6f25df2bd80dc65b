-- Webhook deliveries: one per subscribed lifecycle event, written in the transaction of its outbox event.
create table webhook_deliveries (
    id               varchar(20)  primary key check (id ~ '^whd_[a-z0-9]{16}$'),
    execution_id     varchar(21)  not null references executions (id) on delete cascade,
    event_id         uuid         not null unique,
    event_type       varchar(64)  not null,
    url              text         not null,
    -- The event's facts (the body's "data"); the body itself is built and signed at each attempt.
    data             json         not null,
    occurred_at      timestamptz  not null,
    status           varchar(16)  not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         integer      not null default 0 check (attempts >= 0),
    -- A redelivery allows exactly one more attempt, so the limit is kept per delivery.
    max_attempts     integer      not null check (max_attempts >= 1),
    next_attempt_at  timestamptz,
    retry_until      timestamptz  not null,
    -- The replica sending the current attempt; others skip the row until the lease expires.
    lease_owner      varchar(200),
    lease_expires_at timestamptz,
    created_at       timestamptz  not null,
    delivered_at     timestamptz,
    constraint webhook_deliveries_pending_due check ((status = 'PENDING') = (next_attempt_at is not null))
);

create index webhook_deliveries_execution on webhook_deliveries (execution_id, created_at);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING';

-- Every attempt of a delivery, as the delivery log shows it.
create table webhook_attempts (
    id               bigserial    primary key,
    delivery_id      varchar(20)  not null references webhook_deliveries (id) on delete cascade,
    attempt          integer      not null check (attempt >= 1),
    started_at       timestamptz  not null,
    duration_ms      bigint       not null check (duration_ms >= 0),
    status_code      integer,
    error            text,
    next_attempt_at  timestamptz,
    unique (delivery_id, attempt)
);

-- Subscription secrets are stored encrypted from now on (AES-GCM, "v1:" + base64); the column keeps
-- its name. Rows written before this version are encrypted by the service at startup.
comment on column executions.webhook_secret is 'AES-GCM ciphertext: v1:base64(iv || ciphertext || tag)';

-- Open streams find an execution's events after a sequence through the (execution_id, sequence)
-- unique index; the retention job deletes published events by age.
create index outbox_events_published on outbox_events (published_at) where published_at is not null;
