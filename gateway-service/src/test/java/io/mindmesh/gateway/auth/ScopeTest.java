package io.mindmesh.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.common.error.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

    @Test
    void eachPublicRequestNeedsTheScopeOfWhatItDoes() {
        assertEquals(Optional.of(Scope.ORCHESTRATE), Scope.requiredFor("POST", "/v1/orchestrate"));
        assertEquals(Optional.of(Scope.ORCHESTRATE), Scope.requiredFor("POST", "/v1/workflows/launch/run"));
        assertEquals(Optional.of(Scope.ORCHESTRATE), Scope.requiredFor("POST", "/v1/executions/exec_1/cancel"));
        assertEquals(Optional.of(Scope.EXECUTIONS_READ), Scope.requiredFor("GET", "/v1/executions/exec_1"));
        assertEquals(Optional.of(Scope.CATALOG_READ), Scope.requiredFor("GET", "/v1/workflows/launch"));
        assertEquals(Optional.of(Scope.CATALOG_READ), Scope.requiredFor("GET", "/v1/agents"));
        assertEquals(Optional.of(Scope.WALLET_READ), Scope.requiredFor("GET", "/v1/wallet/transactions"));
        assertEquals(Optional.of(Scope.EVENTS_WRITE), Scope.requiredFor("POST", "/v1/events"));
        assertEquals(Optional.of(Scope.ANALYTICS_READ), Scope.requiredFor("GET", "/v1/analytics/usage"));
        assertEquals(Optional.of(Scope.ANALYTICS_READ), Scope.requiredFor("POST", "/api/v1/events/agent"));
        assertEquals(Optional.of(Scope.KEYS_MANAGE), Scope.requiredFor("DELETE", "/v1/api-keys/key_1"));
        assertEquals(Optional.empty(), Scope.requiredFor("GET", "/v1/auth/test"));
    }

    @Test
    void namesAreReadStoredAndShownInOneOrder() {
        Set<Scope> scopes = Scope.parse(List.of("keys:manage", "orchestrate"));
        assertEquals("orchestrate keys:manage", Scope.join(scopes));
        assertEquals(scopes, Scope.split("orchestrate keys:manage"));
        assertEquals(Scope.ALL, Scope.parse(null));
        assertEquals(Set.of(Scope.ORCHESTRATE), Scope.split("orchestrate retired:scope"));
    }

    @Test
    void anUnknownOrEmptyListIsAnInvalidRequestOnTheField() {
        ApiException unknown = assertThrows(ApiException.class, () -> Scope.parse(List.of("orchestrate", "root")));
        assertEquals(400, unknown.status());
        assertEquals("scopes", unknown.extra().get("field"));
        assertEquals(400, assertThrows(ApiException.class, () -> Scope.parse(List.of())).status());
    }
}
