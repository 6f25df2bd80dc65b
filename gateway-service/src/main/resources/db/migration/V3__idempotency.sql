-- The first answer to a POST with an X-Idempotency-Key, replayed for 24 hours. Keys are scoped per
-- account; the request hash tells a retry from a different request reusing the key.
create table idempotency_records (
    account_id            varchar(40)  not null,
    idempotency_key       varchar(255) not null,
    request_hash          char(64)     not null,
    state                 varchar(12)  not null check (state in ('IN_FLIGHT', 'COMPLETED')),
    response_status       integer,
    response_content_type varchar(200),
    response_body         bytea,
    created_at            timestamptz  not null,
    expires_at            timestamptz  not null,
    primary key (account_id, idempotency_key)
);

create index idempotency_records_expiry on idempotency_records (expires_at);
