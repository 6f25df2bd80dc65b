-- Idempotency keys are scoped per account AND environment: a sandbox key's X-Idempotency-Key never
-- replays (or blocks) a live request of the same account, and the other way round. Rows written
-- before this migration were made by keys of either environment; they expire within 24 hours, and
-- until then are treated as live.
alter table idempotency_records add column environment varchar(8) not null default 'live'
    check (environment in ('live', 'test'));
alter table idempotency_records alter column environment drop default;
alter table idempotency_records drop constraint idempotency_records_pkey;
alter table idempotency_records add primary key (account_id, environment, idempotency_key);
