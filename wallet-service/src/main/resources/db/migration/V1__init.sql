-- Wallets on a double-entry ledger.
--
-- Sign convention: an entry moves money INTO its ledger account when positive and OUT when
-- negative; the entries of one ledger transaction sum to zero. A wallet's AVAILABLE and HELD
-- accounts hold what the platform owes the customer, so they can never go below zero. The
-- platform's FUNDING account is the source of top-ups (it goes negative by everything ever topped
-- up) and REVENUE receives captures.

create table wallets (
    account_id varchar(64) primary key,
    currency   char(3)     not null default 'USD' constraint wallets_currency_usd check (currency = 'USD'),
    created_at timestamptz not null default now()
);

create table ledger_accounts (
    id         bigint generated always as identity primary key,
    account_id varchar(64) references wallets (account_id),
    kind       varchar(16) not null
        constraint ledger_accounts_kind check (kind in ('AVAILABLE', 'HELD', 'FUNDING', 'REVENUE')),
    -- Running balance of a wallet account, maintained by ledger_entries_apply in the same
    -- transaction as the entry. Platform accounts keep none (null): every capture and top-up of
    -- every tenant would otherwise queue on one hot row; their balance is the sum of their entries.
    balance    numeric(20, 6),
    constraint ledger_accounts_owner check ((account_id is null) = (kind in ('FUNDING', 'REVENUE'))),
    constraint ledger_accounts_balance_tracked check ((balance is null) = (account_id is null)),
    constraint ledger_accounts_balance_non_negative check (balance >= 0),
    constraint ledger_accounts_one_per_kind unique nulls not distinct (account_id, kind)
);

insert into ledger_accounts (kind) values ('FUNDING'), ('REVENUE');

-- Every wallet has exactly its two ledger accounts, whoever inserts it.
create function wallets_open_ledger_accounts() returns trigger language plpgsql as $$
begin
    insert into ledger_accounts (account_id, kind, balance)
    values (new.account_id, 'AVAILABLE', 0), (new.account_id, 'HELD', 0);
    return null;
end
$$;

create trigger wallets_open_ledger_accounts after insert on wallets
    for each row execute function wallets_open_ledger_accounts();

create table holds (
    hold_id    varchar(128)   primary key,
    account_id varchar(64)    not null references wallets (account_id),
    amount     numeric(20, 6) not null constraint holds_amount_positive check (amount > 0),
    captured   numeric(20, 6) not null default 0,
    released   numeric(20, 6) not null default 0,
    status     varchar(16)    not null constraint holds_status check (status in ('HELD', 'CAPTURED', 'RELEASED')),
    created_at timestamptz    not null,
    settled_at timestamptz,
    -- A hold is settled once, and what it captured plus what it released is exactly what it held.
    constraint holds_settlement check (
        (status = 'HELD' and captured = 0 and released = 0 and settled_at is null)
        or (status = 'CAPTURED' and captured > 0 and released >= 0 and captured + released = amount
            and settled_at is not null)
        or (status = 'RELEASED' and captured = 0 and released = amount and settled_at is not null))
);

create index holds_account on holds (account_id);

create table ledger_transactions (
    id              varchar(40)    primary key,
    -- Insertion order: breaks ties between transactions written in the same instant.
    seq             bigint generated always as identity constraint ledger_transactions_seq unique,
    account_id      varchar(64)    not null references wallets (account_id),
    type            varchar(16)    not null
        constraint ledger_transactions_type check (type in ('TOP_UP', 'HOLD', 'CAPTURE', 'RELEASE')),
    amount          numeric(20, 6) not null constraint ledger_transactions_amount_positive check (amount > 0),
    hold_id         varchar(128)   references holds (hold_id),
    reference       varchar(128),
    balance_after   numeric(20, 6) not null constraint ledger_transactions_balance_after check (balance_after >= 0),
    available_after numeric(20, 6) not null constraint ledger_transactions_available_after check (available_after >= 0),
    created_at      timestamptz    not null,
    -- Top-ups carry the operator's reference; every other movement belongs to a hold.
    constraint ledger_transactions_origin check (
        (type = 'TOP_UP' and reference is not null and hold_id is null)
        or (type <> 'TOP_UP' and hold_id is not null and reference is null))
);

-- Idempotency enforced by the database: one top-up per reference, and a hold is placed,
-- captured and released (its remainder) at most once each.
create unique index ledger_transactions_top_up_reference on ledger_transactions (reference) where type = 'TOP_UP';
create unique index ledger_transactions_once_per_hold on ledger_transactions (hold_id, type) where hold_id is not null;
create index ledger_transactions_account_created on ledger_transactions (account_id, created_at, seq);

create table ledger_entries (
    id                bigint generated always as identity primary key,
    transaction_id    varchar(40)    not null references ledger_transactions (id),
    ledger_account_id bigint         not null references ledger_accounts (id),
    amount            numeric(20, 6) not null constraint ledger_entries_amount_non_zero check (amount <> 0)
);

create index ledger_entries_transaction on ledger_entries (transaction_id);
create index ledger_entries_account on ledger_entries (ledger_account_id);

-- The running balance moves with each entry, in the same statement; the CHECK on
-- ledger_accounts then refuses any entry that would take a wallet below zero.
create function ledger_entries_apply() returns trigger language plpgsql as $$
begin
    update ledger_accounts set balance = balance + new.amount
    where id = new.ledger_account_id and balance is not null;
    return new;
end
$$;

create trigger ledger_entries_apply before insert on ledger_entries
    for each row execute function ledger_entries_apply();

-- Running balances open at zero and change only through entries (the trigger above runs one
-- level deep), so they always equal the sum of their entries.
create function ledger_accounts_guard() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        if new.balance <> 0 then
            raise exception 'Ledger accounts open with a zero balance' using errcode = 'check_violation';
        end if;
    elsif tg_op = 'DELETE' or pg_trigger_depth() < 2 then
        raise exception 'Ledger accounts change only through ledger entries' using errcode = 'restrict_violation';
    end if;
    return new;
end
$$;

create trigger ledger_accounts_guard before insert or update or delete on ledger_accounts
    for each row execute function ledger_accounts_guard();

-- A ledger transaction has at least two entries and they sum to zero, checked at commit so that
-- the entries can be written one by one. The trigger's argument names the column that holds
-- the ledger transaction id in the table it is attached to.
create function ledger_assert_balanced() returns trigger language plpgsql as $$
declare
    txn     varchar := to_jsonb(new) ->> tg_argv[0];
    entries bigint;
    total   numeric;
begin
    select count(*), coalesce(sum(amount), 0) into entries, total
    from ledger_entries where transaction_id = txn;
    if entries < 2 or total <> 0 then
        raise exception 'Ledger transaction % does not balance: % entries summing to %', txn, entries, total
            using errcode = 'check_violation';
    end if;
    return null;
end
$$;

create constraint trigger ledger_transactions_balanced after insert on ledger_transactions
    deferrable initially deferred for each row execute function ledger_assert_balanced('id');

create constraint trigger ledger_entries_balanced after insert on ledger_entries
    deferrable initially deferred for each row execute function ledger_assert_balanced('transaction_id');

-- The ledger is append-only: history is corrected by new transactions, never by edits.
create function ledger_refuse_change() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
end
$$;

create trigger ledger_transactions_append_only before update or delete on ledger_transactions
    for each row execute function ledger_refuse_change();
create trigger ledger_transactions_no_truncate before truncate on ledger_transactions
    for each statement execute function ledger_refuse_change();
create trigger ledger_entries_append_only before update or delete on ledger_entries
    for each row execute function ledger_refuse_change();
create trigger ledger_entries_no_truncate before truncate on ledger_entries
    for each statement execute function ledger_refuse_change();
