-- The orchestrator asks for old unsettled holds to find those whose execution was never stored;
-- only HELD rows are indexed, so the index stays as small as the holds in flight.
create index holds_held_by_age on holds (created_at) where status = 'HELD';
