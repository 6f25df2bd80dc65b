package io.mindmesh.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RouteTemplateTest {

    @Test
    void idsBecomePlaceholders() {
        assertEquals("/v1/executions/{id}", RouteTemplate.of("/v1/executions/exec_1a2b3c"));
        assertEquals("/v1/executions/{id}/cancel", RouteTemplate.of("/v1/executions/exec_1/cancel"));
        assertEquals("/v1/workflows/{id}/run", RouteTemplate.of("/v1/workflows/product-launch/run"));
        assertEquals("/v1/api-keys/{id}", RouteTemplate.of("/v1/api-keys/key_abc"));
        assertEquals("/v1/admin/accounts/{id}/top-ups", RouteTemplate.of("/v1/admin/accounts/acc_1/top-ups"));
        assertEquals("/v1/auth/test", RouteTemplate.of("/v1/auth/test"));
        assertEquals("/health", RouteTemplate.of("/health"));
    }

    @Test
    void unknownPathsCollapseToTheirFamilyOrOther() {
        assertEquals("/v1/agents/**", RouteTemplate.of("/v1/agents/a/b/c/d"));
        assertEquals("/api/v1/**", RouteTemplate.of("/api/v1/whatever/mk_live_secret"));
        assertEquals(RouteTemplate.OTHER, RouteTemplate.of("/v1/mk_live_0123456789"));
        assertEquals(RouteTemplate.OTHER, RouteTemplate.of("/v1/executions//cancel".replace("/v1", "/v2")));
        assertEquals("/v1/executions/**", RouteTemplate.of("/v1/executions//cancel"));
    }
}
