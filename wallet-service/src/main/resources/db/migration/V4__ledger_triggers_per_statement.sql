-- The ledger's database-side work per statement instead of per row. A batched hold or capture
-- inserts many entries in one statement, several of them on the same wallet accounts; applying
-- them row by row updated (and row-locked, and re-checked) the same ledger account once per
-- entry. Balances now move once per account per statement by the sum of that statement's
-- entries, after the insert, in the same statement: the CHECK on ledger_accounts still refuses
-- any statement that would leave a wallet below zero, and balances still equal the sum of their
-- entries (the guard on ledger_accounts lets only this trigger, one level deep, change them).
drop trigger ledger_entries_apply on ledger_entries;
drop function ledger_entries_apply();

create function ledger_entries_apply() returns trigger language plpgsql as $$
begin
    update ledger_accounts a set balance = a.balance + d.delta
    from (select ledger_account_id, sum(amount) as delta from inserted group by ledger_account_id) d
    where a.id = d.ledger_account_id and a.balance is not null;
    return null;
end
$$;

create trigger ledger_entries_apply after insert on ledger_entries
    referencing new table as inserted for each statement execute function ledger_entries_apply();

-- The balance check reads the inserted ids directly, one function per table, instead of
-- converting every inserted row to JSON to find the column named by a trigger argument.
drop trigger ledger_transactions_balanced on ledger_transactions;
drop trigger ledger_entries_balanced on ledger_entries;
drop function ledger_assert_balanced();

create function ledger_assert_balanced(txns varchar[]) returns void language plpgsql as $$
declare
    txn     varchar;
    entries bigint;
    total   numeric;
begin
    select t.txn, count(e.id), coalesce(sum(e.amount), 0) into txn, entries, total
    from unnest(txns) as t(txn)
    left join ledger_entries e on e.transaction_id = t.txn
    group by t.txn
    having count(e.id) < 2 or coalesce(sum(e.amount), 0) <> 0
    limit 1;
    if txn is not null then
        raise exception 'Ledger transaction % does not balance: % entries summing to %', txn, entries, total
            using errcode = 'check_violation';
    end if;
end
$$;

create function ledger_transactions_balanced() returns trigger language plpgsql as $$
begin
    perform ledger_assert_balanced(array(select id from inserted));
    return null;
end
$$;

create function ledger_entries_balanced() returns trigger language plpgsql as $$
begin
    perform ledger_assert_balanced(array(select distinct transaction_id from inserted));
    return null;
end
$$;

create trigger ledger_transactions_balanced after insert on ledger_transactions
    referencing new table as inserted for each statement execute function ledger_transactions_balanced();

create trigger ledger_entries_balanced after insert on ledger_entries
    referencing new table as inserted for each statement execute function ledger_entries_balanced();
