-- Every credit records who made it: the operator the gateway authenticated (X-Operator). Top-ups
-- written before this migration have none; holds, captures and releases never have one.
alter table ledger_transactions add column credited_by varchar(200);
alter table ledger_transactions add constraint ledger_transactions_credited_by
    check (credited_by is null or type = 'TOP_UP');
