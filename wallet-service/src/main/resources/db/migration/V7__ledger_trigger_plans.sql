-- The ledger's trigger queries look rows up by key whatever the planner's statistics say.
--
-- PL/pgSQL keeps each query's plan for the life of the connection. Plans made while the ledger
-- tables were young (a fresh installation, before autovacuum first analysed them) read all of
-- ledger_entries (a merge join over its whole index, or a sequential scan into a hash table) on
-- every balance check, and all of ledger_accounts on every balance update, and pooled
-- connections kept them long after the tables had grown: under load they were most of
-- PostgreSQL's CPU time per hold and capture (perf: index_fetch_heap and hash_bytes below the
-- trigger functions). Each query below can only be run as one index probe per ledger
-- transaction or ledger account it touches.

create or replace function ledger_assert_balanced(txns varchar[]) returns void language plpgsql as $$
declare
    txn     varchar;
    entries bigint;
    total   numeric;
begin
    select t.txn, s.entries, s.total into txn, entries, total
    from unnest(txns) as t(txn)
    cross join lateral (
        select count(*) as entries, coalesce(sum(e.amount), 0) as total
        from ledger_entries e where e.transaction_id = t.txn) s
    where s.entries < 2 or s.total <> 0
    limit 1;
    if txn is not null then
        raise exception 'Ledger transaction % does not balance: % entries summing to %', txn, entries, total
            using errcode = 'check_violation';
    end if;
end
$$;

-- Balances move once per account per statement, in account order (the order every writer locks
-- them in), each by primary key.
create or replace function ledger_entries_apply() returns trigger language plpgsql as $$
declare
    account bigint;
    delta   numeric;
begin
    for account, delta in
        select ledger_account_id, sum(amount) from inserted group by ledger_account_id order by ledger_account_id
    loop
        update ledger_accounts set balance = balance + delta where id = account and balance is not null;
    end loop;
    return null;
end
$$;

alter function ledger_assert_balanced(varchar[]) set enable_seqscan = off;
