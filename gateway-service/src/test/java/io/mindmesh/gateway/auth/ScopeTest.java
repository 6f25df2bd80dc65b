package io.mindmesh.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mindmesh.common.error.ApiException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {

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
