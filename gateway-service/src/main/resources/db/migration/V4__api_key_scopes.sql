-- What a key may do: scope names, space-separated as OAuth writes them (see auth.Scope). Keys made
-- before scopes existed keep every scope, so no existing client loses access.
alter table api_keys
    add column scopes varchar(300) not null
        default 'orchestrate executions:read catalog:read wallet:read events:write analytics:read keys:manage';
