package io.mindmesh.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DownstreamTest {

    @Test
    void eachPublicPathBelongsToTheServiceThatOwnsIt() {
        assertEquals(Optional.of(Downstream.ORCHESTRATOR), Downstream.owning("/v1/orchestrate"));
        assertEquals(Optional.of(Downstream.ORCHESTRATOR), Downstream.owning("/v1/executions/exec_1/cancel"));
        assertEquals(Optional.of(Downstream.REGISTRY), Downstream.owning("/v1/agents/agent_email_campaign"));
        assertEquals(Optional.of(Downstream.REGISTRY), Downstream.owning("/v1/workflows/product-launch"));
        assertEquals(Optional.of(Downstream.ORCHESTRATOR), Downstream.owning("/v1/workflows/product-launch/run"));
        assertEquals(Optional.of(Downstream.WALLET), Downstream.owning("/v1/wallet/transactions"));
        assertEquals(Optional.of(Downstream.ANALYTICS), Downstream.owning("/api/v1/events/agent"));
        assertEquals(Optional.of(Downstream.ANALYTICS), Downstream.owning("/v1/events"));
        assertEquals(Optional.of(Downstream.ANALYTICS), Downstream.owning("/v1/analytics/usage"));
        assertEquals(Optional.empty(), Downstream.owning("/v1/admin/accounts"));
    }
}
