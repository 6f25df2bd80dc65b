-- Whether the execution's step ends are posted to a progress URL (an app run's progressUrl): known at
-- acceptance, so that an agent's end reads the run only when it has somewhere to post.
alter table executions add column progress_posts boolean not null default false;

update executions e set progress_posts = true
from workflow_runs r
where r.execution_id = e.id and r.progress_url is not null;
