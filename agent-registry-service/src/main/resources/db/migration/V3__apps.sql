-- Apps: published bundles of catalog workflows, which MindStudio-style clients list and run by
-- app id. The database enforces what it can see: formats, a unique slug, workflows that exist,
-- each listed once, and a default workflow that is one of the app's own (which also means an app
-- has at least one workflow).
create table apps (
    id               uuid primary key,
    slug             text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
    name             text not null check (length(btrim(name)) between 1 and 200),
    description      text not null default '' check (length(description) <= 4000),
    default_workflow text not null,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

create trigger apps_touch_updated_at
    before update on apps
    for each row execute function touch_updated_at();

-- Rewritten as a whole when an app changes (delete, then insert), like a workflow's child rows.
-- Workflow slugs never change, so they are the reference.
create table app_workflows (
    app_id        uuid    not null references apps (id) on delete cascade,
    position      integer not null check (position >= 0),
    workflow_slug text    not null references workflows (slug),
    primary key (app_id, workflow_slug),
    unique (app_id, position)
);

create index app_workflows_workflow_idx on app_workflows (workflow_slug);

-- The app row is written before its workflows, and the workflows are rewritten on every change,
-- so the default is checked at commit.
alter table apps
    add constraint apps_default_workflow_is_listed
        foreign key (id, default_workflow) references app_workflows (app_id, workflow_slug)
            deferrable initially deferred;
