-- Every ledger transaction has at least two entries and they sum to zero: now checked at the end
-- of each statement that inserts transactions or entries, over the rows it inserted (statement
-- triggers with transition tables), instead of row by row at commit. A batch of N movements
-- costs one check per table instead of three queries per movement at commit, and no transaction
-- is ever unbalanced, even inside a database transaction. A ledger transaction and its entries
-- are therefore written by one statement (a data-modifying CTE).
drop trigger ledger_transactions_balanced on ledger_transactions;
drop trigger ledger_entries_balanced on ledger_entries;
drop function ledger_assert_balanced();

-- The trigger's argument names the column that holds the ledger transaction id in its table.
create function ledger_assert_balanced() returns trigger language plpgsql as $$
declare
    txn     varchar;
    entries bigint;
    total   numeric;
begin
    select t.txn, count(e.id), coalesce(sum(e.amount), 0) into txn, entries, total
    from (select distinct to_jsonb(i) ->> tg_argv[0] as txn from inserted i) t
    left join ledger_entries e on e.transaction_id = t.txn
    group by t.txn
    having count(e.id) < 2 or coalesce(sum(e.amount), 0) <> 0
    limit 1;
    if txn is not null then
        raise exception 'Ledger transaction % does not balance: % entries summing to %', txn, entries, total
            using errcode = 'check_violation';
    end if;
    return null;
end
$$;

create trigger ledger_transactions_balanced after insert on ledger_transactions
    referencing new table as inserted for each statement execute function ledger_assert_balanced('id');

create trigger ledger_entries_balanced after insert on ledger_entries
    referencing new table as inserted for each statement execute function ledger_assert_balanced('transaction_id');
