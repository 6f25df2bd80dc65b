-- The W3C traceparent of the request that caused each row, so that work done later (steps run by any
-- replica, the outbox relay's Kafka record, a webhook attempt) continues that request's trace.
-- Null when tracing was off for the request.
ALTER TABLE executions ADD COLUMN traceparent text;
ALTER TABLE outbox_events ADD COLUMN traceparent text;
ALTER TABLE webhook_deliveries ADD COLUMN traceparent text;
