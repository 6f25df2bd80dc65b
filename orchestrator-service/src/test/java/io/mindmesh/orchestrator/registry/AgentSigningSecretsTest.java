package io.mindmesh.orchestrator.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mindmesh.orchestrator.registry.client.RegistryClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentSigningSecretsTest {

    /** The registry as it answers after each rotation: the n-th read sees secret n. */
    private static final class RotatingRegistry extends RegistryClient {
        final AtomicInteger reads = new AtomicInteger();

        RotatingRegistry() {
            super(null);
        }

        @Override
        public String signingSecret(String agentId) {
            return agentId + "-secret-" + reads.incrementAndGet();
        }
    }

    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void aSecretIsReadOncePerAgentUntilItsTimeIsUpSoThatARotationArrives() {
        RotatingRegistry registry = new RotatingRegistry();
        TestClock clock = new TestClock();
        AgentSigningSecrets secrets = new AgentSigningSecrets(registry, Duration.ofSeconds(60), clock);

        assertEquals("agent_a-secret-1", secrets.secretOf("agent_a"));
        clock.now = clock.now.plusSeconds(59);
        assertEquals("agent_a-secret-1", secrets.secretOf("agent_a"), "cached");
        assertEquals("agent_b-secret-2", secrets.secretOf("agent_b"), "per agent");
        assertEquals(2, registry.reads.get());

        clock.now = clock.now.plusSeconds(1);
        assertEquals("agent_a-secret-3", secrets.secretOf("agent_a"), "read again once the time is up");
    }
}
