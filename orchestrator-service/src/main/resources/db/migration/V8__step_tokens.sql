-- Steps of llm agents are priced by the tokens their endpoint reported: kept beside units, which
-- holds their sum. Null for other runtimes.
alter table execution_steps add column input_tokens bigint check (input_tokens >= 0);
alter table execution_steps add column output_tokens bigint check (output_tokens >= 0);
