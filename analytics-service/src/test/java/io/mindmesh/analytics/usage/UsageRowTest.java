package io.mindmesh.analytics.usage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class UsageRowTest {

    private static AgentDayUsage usage(long succeeded, long failed, Double p50, Double p95, String cost) {
        return new AgentDayUsage("acc_1", "agent_1", "Agent One", LocalDate.parse("2025-10-01"), succeeded, failed,
                p50, p95, new BigDecimal(cost));
    }

    @Test
    void executionsAreTheFinishedInvocations() {
        UsageRow row = UsageRow.of(usage(3, 2, 10.0, 20.0, "0"), false);
        assertEquals(5, row.executions());
        assertEquals(3, row.succeeded());
        assertEquals(2, row.failed());
        assertEquals("2025-10-01", row.date());
        assertEquals("agent_1", row.agentId());
        assertEquals("Agent One", row.agentName());
    }

    @Test
    void theSuccessRateHasFourDecimalPlaces() {
        assertEquals(new BigDecimal("0.6667"), UsageRow.of(usage(2, 1, 1.0, 1.0, "0"), false).successRate());
        assertEquals(new BigDecimal("1.0000"), UsageRow.of(usage(4, 0, 1.0, 1.0, "0"), false).successRate());
        assertEquals(new BigDecimal("0.0000"), UsageRow.of(usage(0, 3, null, null, "0"), false).successRate());
    }

    @Test
    void latenciesAreWholeMillisecondsAndAbsentWithoutSuccesses() {
        UsageRow row = UsageRow.of(usage(4, 0, 250.5, 384.49, "0"), false);
        assertEquals(251L, row.p50LatencyMs());
        assertEquals(384L, row.p95LatencyMs());
        UsageRow failedOnly = UsageRow.of(usage(0, 1, null, null, "0"), false);
        assertNull(failedOnly.p50LatencyMs());
        assertNull(failedOnly.p95LatencyMs());
    }

    @Test
    void theCostIsInTheMoneyDisplayForm() {
        assertEquals("1.50", UsageRow.of(usage(1, 0, 1.0, 1.0, "1.500000"), false).cost().toPlainString());
        assertEquals("0.00", UsageRow.of(usage(0, 1, null, null, "0"), false).cost().toPlainString());
        assertEquals("0.000123", UsageRow.of(usage(1, 0, 1.0, 1.0, "0.0001234"), false).cost().toPlainString());
    }

    @Test
    void onlyTheOperatorsRowsNameTheAccount() {
        assertNull(UsageRow.of(usage(1, 0, 1.0, 1.0, "0"), false).accountId());
        assertEquals("acc_1", UsageRow.of(usage(1, 0, 1.0, 1.0, "0"), true).accountId());
    }
}
