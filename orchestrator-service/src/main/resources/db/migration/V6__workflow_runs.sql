-- Runs of catalog workflows (POST /v1/workflows/{slug}/run) and of apps (the MindStudio-compatible
-- /developer/v2 endpoints). Each is an execution like any other; this table keeps what only a run
-- has: the workflow it ran, its launch variables, the outputs to return, and how the caller
-- collects the result (waiting, a callback, or polling with a token).
create table workflow_runs (
    execution_id         varchar(21)   primary key references executions (id) on delete cascade,
    account_id           varchar(128)  not null,
    environment          varchar(8)    not null check (environment in ('live', 'test')),
    kind                 varchar(8)    not null check (kind in ('workflow', 'app')),
    workflow_id          varchar(100)  not null,
    workflow_slug        varchar(100)  not null,
    workflow_name        varchar(200)  not null,
    app_id               varchar(64),
    thread_id            uuid          not null unique,
    -- The execution id of the conversation's first run, when this run continues a conversation.
    conversation_id      varchar(21),
    variables            json          not null default '{}',
    -- [{name, stepId}]: the output variables, each the output of one step of this execution.
    output_variables     json          not null default '[]',
    callback_url         text,
    -- When the callback's delivery was written (once, by whichever replica saw the run end first).
    callback_enqueued_at timestamptz,
    progress_url         text,
    -- SHA-256 (hex) of the poll token of an asynchronous agent run; the token itself is never stored.
    poll_token_hash      char(64)      unique,
    poll_expires_at      timestamptz,
    include_billing_cost boolean       not null default false,
    created_at           timestamptz   not null,
    constraint workflow_runs_app_has_app check ((kind = 'app') = (app_id is not null)),
    constraint workflow_runs_poll_complete check ((poll_token_hash is null) = (poll_expires_at is null))
);

create index workflow_runs_conversation on workflow_runs (conversation_id) where conversation_id is not null;
create index workflow_runs_callback_pending on workflow_runs (created_at)
    where callback_url is not null and callback_enqueued_at is null;

-- The workflow's step each execution step runs.
create table workflow_run_steps (
    step_id           varchar(21)   primary key references execution_steps (step_id) on delete cascade,
    execution_id      varchar(21)   not null references workflow_runs (execution_id) on delete cascade,
    workflow_step_id  varchar(64)   not null,
    unique (execution_id, workflow_step_id)
);

-- What a step asks of its agent beside the query: a workflow step's instructions with the launch
-- variables substituted, sent to the agent; empty for the steps of an orchestration.
alter table execution_steps add column instructions text not null default '';
