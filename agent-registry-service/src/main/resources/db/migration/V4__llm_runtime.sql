-- Agents that are a model, a prompt and a price: runtime `llm`, its settings (provider, model,
-- prompt templates, sampling, token prices) kept as one jsonb object in the AgentDefinition shape.
alter table agents drop constraint agents_runtime_type_check;
alter table agents add constraint agents_runtime_type_check check (runtime_type in ('simulated', 'http', 'llm'));
alter table agents add column runtime_llm jsonb;
-- An llm agent cannot run without its model settings, and no other runtime has any.
alter table agents add constraint agents_llm_runtime_is_complete
    check ((runtime_type = 'llm') = (runtime_llm is not null and jsonb_typeof(runtime_llm) = 'object'));
