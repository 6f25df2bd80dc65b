-- Operator-managed agents and the workflow catalog.

-- 1. A catalog revision that every replica can compare to know its selection index is stale.
-- Every insert or update of an agent takes a fresh value from one sequence, so the sum of the
-- revisions grows with every committed change, whatever order concurrent transactions commit in.
-- (A timestamp taken at write time cannot promise that: a transaction that started earlier and
-- commits later leaves the latest timestamp unchanged.) The sequence keeps CACHE 1, the default,
-- so values are handed out in increasing order across sessions.
create sequence agent_revisions;

alter table agents add column revision bigint not null default nextval('agent_revisions');

create or replace function agents_touch_updated_at() returns trigger
    language plpgsql as
$$
begin
    new.updated_at := now();
    new.revision := nextval('agent_revisions');
    return new;
end
$$;

-- 2. agent_versions.definition takes the shape of the operator API's agent definition (camelCase,
-- pricing and runtime as objects), so that a past version can be read, compared and sent back as
-- is, amounts in their display form (0.20, not 0.200000). Rows written by V1 held the raw row
-- instead; they are converted here.
create function pg_temp.display_amount(amount jsonb) returns jsonb
    language sql immutable as
$$
select to_jsonb(round(amount::text::numeric, greatest(2, scale(trim_scale(amount::text::numeric)))))
$$;

update agent_versions
set definition = jsonb_strip_nulls(jsonb_build_object(
        'id', definition -> 'id',
        'name', definition -> 'name',
        'displayName', definition -> 'display_name',
        'vertical', definition -> 'vertical',
        'capabilities', definition -> 'capabilities',
        'description', definition -> 'description',
        'consumes', definition -> 'consumes',
        'produces', definition -> 'produces',
        'pricing', jsonb_build_object(
                'basePrice', pg_temp.display_amount(definition -> 'base_price'),
                'variablePrice', pg_temp.display_amount(definition -> 'variable_price'),
                'unit', definition -> 'pricing_unit',
                'typicalUnits', definition -> 'typical_units'),
        'runtime', jsonb_build_object(
                'type', definition -> 'runtime_type',
                'endpoint', definition -> 'runtime_endpoint',
                'timeoutMs', definition -> 'runtime_timeout_ms',
                'latencyMs', definition -> 'runtime_latency_ms',
                'failureRate', definition -> 'runtime_failure_rate'),
        'typicalLatencyMs', definition -> 'typical_latency_ms'))
where definition ? 'display_name';

-- 3. Workflows: a named DAG of agent steps with typed launch variables and named outputs.
-- Acyclicity is checked by the service (a database check cannot see a whole graph); everything
-- local is enforced here: formats, unique names per workflow, steps that exist in the same
-- workflow, agents that exist in the catalog, defaults of the declared type.
create function touch_updated_at() returns trigger
    language plpgsql as
$$
begin
    new.updated_at := now();
    return new;
end
$$;

create table workflows (
    id          text primary key check (id ~ '^wf_[a-z0-9_]{1,64}$'),
    slug        text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
    name        text not null check (length(btrim(name)) between 1 and 200),
    description text not null default '' check (length(description) <= 4000),
    version     integer not null default 1 check (version >= 1),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create trigger workflows_touch_updated_at
    before update on workflows
    for each row execute function touch_updated_at();

-- The child tables below are rewritten as a whole when a workflow changes (delete, then insert in
-- any order), so the references between them are checked at commit.
create table workflow_steps (
    workflow_id  text    not null references workflows (id) on delete cascade,
    position     integer not null check (position >= 0),
    step_id      text    not null check (step_id ~ '^[a-z][a-z0-9_-]{0,63}$'),
    agent_id     text    not null references agents (id),
    instructions text    not null default '' check (length(instructions) <= 10000),
    primary key (workflow_id, step_id),
    unique (workflow_id, position)
);

create index workflow_steps_agent_idx on workflow_steps (agent_id);

create table workflow_step_dependencies (
    workflow_id        text    not null,
    position           integer not null check (position >= 0),
    step_id            text    not null,
    depends_on_step_id text    not null,
    primary key (workflow_id, step_id, depends_on_step_id),
    unique (workflow_id, position),
    constraint workflow_step_dependencies_not_self check (step_id <> depends_on_step_id),
    foreign key (workflow_id, step_id) references workflow_steps (workflow_id, step_id)
        on delete cascade deferrable initially deferred,
    foreign key (workflow_id, depends_on_step_id) references workflow_steps (workflow_id, step_id)
        on delete cascade deferrable initially deferred
);

create table workflow_launch_variables (
    workflow_id   text    not null references workflows (id) on delete cascade,
    position      integer not null check (position >= 0),
    name          text    not null check (name ~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$'),
    type          text    not null check (type in ('string', 'number', 'boolean')),
    required      boolean not null,
    default_value jsonb,
    description   text    not null default '' check (length(description) <= 1000),
    primary key (workflow_id, name),
    unique (workflow_id, position),
    -- jsonb_typeof names the JSON types exactly as the variable types are named.
    constraint workflow_launch_variables_default_has_type
        check (default_value is null or jsonb_typeof(default_value) = type),
    constraint workflow_launch_variables_required_has_no_default
        check (not (required and default_value is not null))
);

create table workflow_output_variables (
    workflow_id text    not null,
    position    integer not null check (position >= 0),
    name        text    not null check (name ~ '^[A-Za-z_][A-Za-z0-9_]{0,63}$'),
    step_id     text    not null,
    description text    not null default '' check (length(description) <= 1000),
    primary key (workflow_id, name),
    unique (workflow_id, position),
    foreign key (workflow_id) references workflows (id) on delete cascade,
    foreign key (workflow_id, step_id) references workflow_steps (workflow_id, step_id)
        on delete cascade deferrable initially deferred
);
