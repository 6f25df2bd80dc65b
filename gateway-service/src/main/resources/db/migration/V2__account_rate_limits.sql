-- Enterprise limits are set per account; other tiers use the tier's limits unless overridden.
alter table accounts
    add column rate_limit_per_minute integer check (rate_limit_per_minute > 0),
    add column rate_limit_per_day    integer check (rate_limit_per_day > 0);
