package io.mindmesh.gateway.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mindmesh.gateway.auth.Scope;
import io.mindmesh.gateway.routing.Route.Auth;
import io.mindmesh.gateway.routing.Route.TimeoutClass;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void eachPathBelongsToTheServiceThatOwnsIt() {
        assertEquals(Optional.of(Downstream.ORCHESTRATOR), owner("POST", "/v1/orchestrate"));
        assertEquals(Optional.of(Downstream.ORCHESTRATOR), owner("POST", "/v1/executions/exec_1/cancel"));
        assertEquals(Optional.of(Downstream.REGISTRY), owner("GET", "/v1/agents/agent_email_campaign"));
        assertEquals(Optional.of(Downstream.REGISTRY), owner("GET", "/v1/workflows/product-launch"));
        assertEquals(Optional.of(Downstream.ORCHESTRATOR), owner("POST", "/v1/workflows/product-launch/run"));
        assertEquals(Optional.of(Downstream.WALLET), owner("GET", "/v1/wallet/transactions"));
        assertEquals(Optional.of(Downstream.ANALYTICS), owner("POST", "/api/v1/events/agent"));
        assertEquals(Optional.of(Downstream.ORCHESTRATOR), owner("GET", "/api/v1/workflows/execute/exec_1/stream"));
        assertEquals(Optional.of(Downstream.ANALYTICS), owner("POST", "/api/v1/workflows/execute/exec_1/stream"));
        assertEquals(Optional.of(Downstream.ANALYTICS), owner("POST", "/v1/events"));
        assertEquals(Optional.of(Downstream.ANALYTICS), owner("GET", "/v1/analytics/usage"));
        assertEquals(Optional.of(Downstream.ORCHESTRATOR), owner("POST", "/developer/v2/agents/run"));
        assertEquals(Optional.of(Downstream.REGISTRY), owner("GET", "/developer/v2/workers/wrk_1/workflows"));
        assertEquals(Optional.of(Downstream.REGISTRY), owner("DELETE", "/v1/admin/apps/app_1"));
        assertEquals(Optional.empty(), owner("GET", "/developer/v2/apps/load"));
        assertEquals(Optional.empty(), owner("POST", "/v1/admin/accounts"));
        assertFalse(Routes.match("GET", "/developer/v2/apps/run").isPresent());
        assertFalse(Routes.match("GET", "/v2/anything").isPresent());
    }

    @Test
    void eachRequestNeedsTheScopeOfWhatItDoes() {
        assertEquals(Optional.of(Scope.ORCHESTRATE), scope("POST", "/v1/orchestrate"));
        assertEquals(Optional.of(Scope.ORCHESTRATE), scope("POST", "/v1/workflows/launch/run"));
        assertEquals(Optional.of(Scope.ORCHESTRATE), scope("POST", "/v1/executions/exec_1/cancel"));
        assertEquals(Optional.of(Scope.ORCHESTRATE), scope("POST", "/developer/v2/apps/run"));
        assertEquals(Optional.of(Scope.EXECUTIONS_READ), scope("GET", "/v1/executions/exec_1"));
        assertEquals(Optional.of(Scope.EXECUTIONS_READ), scope("GET", "/api/v1/workflows/execute/exec_1/stream"));
        assertEquals(Optional.of(Scope.CATALOG_READ), scope("GET", "/v1/workflows/launch"));
        assertEquals(Optional.of(Scope.CATALOG_READ), scope("GET", "/v1/agents"));
        assertEquals(Optional.of(Scope.CATALOG_READ), scope("GET", "/developer/v2/agents/load"));
        assertEquals(Optional.of(Scope.WALLET_READ), scope("GET", "/v1/wallet/transactions"));
        assertEquals(Optional.of(Scope.EVENTS_WRITE), scope("POST", "/v1/events"));
        assertEquals(Optional.of(Scope.ANALYTICS_READ), scope("GET", "/v1/analytics/usage"));
        assertEquals(Optional.of(Scope.ANALYTICS_READ), scope("POST", "/api/v1/events/agent"));
        assertEquals(Optional.of(Scope.KEYS_MANAGE), scope("DELETE", "/v1/api-keys/key_1"));
        assertEquals(Optional.empty(), scope("GET", "/v1/auth/test"));
        assertEquals(Optional.empty(), scope("GET", "/developer/v2/apps/load"));
    }

    @Test
    void authenticationAndTimeoutComeFromTheRow() {
        Route poll = Routes.match("GET", "/developer/v2/agents/run/poll/tok_1").orElseThrow();
        assertEquals(Auth.NONE, poll.auth());
        assertTrue(poll.limitByClientIp());
        assertEquals(Auth.OPERATOR, Routes.match("GET", "/v1/admin/apps").orElseThrow().auth());
        assertEquals(TimeoutClass.LONG_RUNNING, Routes.match("POST", "/developer/v2/workers/run").orElseThrow().timeout());
        assertEquals(TimeoutClass.STREAM, Routes.match("GET", "/v1/executions/e/stream").orElseThrow().timeout());
        assertEquals(TimeoutClass.NORMAL, Routes.match("POST", "/v1/orchestrate").orElseThrow().timeout());
        assertEquals(Auth.API_KEY, Routes.authOfUnknown("/developer/v2/nothing"));
        assertEquals(Auth.API_KEY, Routes.authOfUnknown("/v1/nothing"));
        assertEquals(Auth.NONE, Routes.authOfUnknown("/v1/admin/nothing"));
    }

    @Test
    void operatorForwardsGoToTheInternalApi() {
        assertEquals("/internal/v1/apps/app_1",
                Routes.match("PATCH", "/v1/admin/apps/app_1").orElseThrow().downstreamPath("/v1/admin/apps/app_1"));
        assertEquals("/internal/v1/analytics/usage", Routes.match("GET", "/v1/admin/analytics/usage").orElseThrow()
                .downstreamPath("/v1/admin/analytics/usage"));
        assertEquals("/v1/workflows/w/run",
                Routes.match("POST", "/v1/workflows/w/run").orElseThrow().downstreamPath("/v1/workflows/w/run"));
    }

    @Test
    void metricLabelsAreTemplatesNeverIdsOrKeys() {
        assertEquals("/v1/executions/{id}", label("GET", "/v1/executions/exec_1a2b3c"));
        assertEquals("/v1/executions/{id}/cancel", label("POST", "/v1/executions/exec_1/cancel"));
        assertEquals("/v1/workflows/{slug}/run", label("POST", "/v1/workflows/product-launch/run"));
        assertEquals("/v1/api-keys/{id}", label("DELETE", "/v1/api-keys/key_abc"));
        assertEquals("/v1/admin/accounts/{id}/top-ups", label("POST", "/v1/admin/accounts/acc_1/top-ups"));
        assertEquals("/developer/v2/agents/run/poll/{token}", label("GET", "/developer/v2/agents/run/poll/secret"));
        assertEquals("/health", label("GET", "/health"));
        assertEquals("/v1/agents/**", label("GET", "/v1/agents/a/b/c/d"));
        assertEquals("/api/v1/**", label("GET", "/api/v1/whatever/mk_live_secret"));
        assertEquals(Routes.OTHER, label("GET", "/v1/mk_live_0123456789"));
        assertEquals("/v1/executions/**", label("GET", "/v1/executions//cancel"));
    }

    private static Optional<Downstream> owner(String method, String path) {
        return Routes.match(method, path).orElseThrow(() -> new AssertionError(path)).downstream();
    }

    private static Optional<Scope> scope(String method, String path) {
        return Routes.match(method, path).orElseThrow(() -> new AssertionError(path)).scope();
    }

    private static String label(String method, String path) {
        return Routes.match(method, path).map(Route::label).orElse(Routes.OTHER);
    }
}
