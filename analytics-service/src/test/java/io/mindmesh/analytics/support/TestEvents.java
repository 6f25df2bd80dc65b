package io.mindmesh.analytics.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.mindmesh.common.events.EventType;
import io.mindmesh.common.events.ExecutionEventData;
import io.mindmesh.common.events.PlatformEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** Builds platform events as the orchestrator publishes them; every id is fresh unless set. */
public final class TestEvents {

    private TestEvents() {
    }

    public static String newAccount() {
        return "acc_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static String newExecution() {
        return "exec_" + UUID.randomUUID().toString().replace("-", "");
    }

    public static Builder event(EventType type) {
        return new Builder(type);
    }

    public static final class Builder {
        private final EventType type;
        private String id = "evt_" + UUID.randomUUID();
        private String accountId = newAccount();
        private String executionId = newExecution();
        private String environment = "live";
        private Instant time = Instant.parse("2025-10-14T08:37:44Z");
        private String agentId;
        private String agentName;
        private String stepId;
        private String status;
        private String query;
        private BigDecimal cost;
        private Long durationMs;
        private JsonNode output;
        private String error;

        private Builder(EventType type) {
            this.type = type;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder account(String accountId) {
            this.accountId = accountId;
            return this;
        }

        public Builder execution(String executionId) {
            this.executionId = executionId;
            return this;
        }

        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        public Builder at(Instant time) {
            this.time = time;
            return this;
        }

        public Builder at(String time) {
            return at(Instant.parse(time));
        }

        public Builder agent(String agentId, String agentName) {
            this.agentId = agentId;
            this.agentName = agentName;
            return this;
        }

        public Builder step(String stepId, String status) {
            this.stepId = stepId;
            this.status = status;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder query(String query) {
            this.query = query;
            return this;
        }

        public Builder cost(String cost) {
            this.cost = new BigDecimal(cost);
            return this;
        }

        public Builder durationMs(long durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        public Builder output(JsonNode output) {
            this.output = output;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public PlatformEvent build() {
            ExecutionEventData data = new ExecutionEventData(executionId, status, query, "SEQUENTIAL", agentId,
                    agentName, stepId, cost, durationMs, output, error);
            return PlatformEvent.of(id, type, executionId, time, accountId, environment, "req_test", 1, data);
        }
    }
}
