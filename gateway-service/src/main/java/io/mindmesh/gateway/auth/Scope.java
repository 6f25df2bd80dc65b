package io.mindmesh.gateway.auth;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an API key may do. Each route needs at most one scope (see the route table,
 * {@code routing.Routes}); {@code GET /v1/auth/test} needs none, so that any valid key can check itself. A key created without a list of scopes
 * holds all of them, which is what every key held before scopes existed.
 */
public enum Scope {
    /** {@code POST /v1/orchestrate}, running a workflow, app, worker or agent, cancelling an execution. */
    ORCHESTRATE("orchestrate"),
    /** Reading executions: {@code GET /v1/executions/**} and a workflow execution's event stream. */
    EXECUTIONS_READ("executions:read"),
    /** Reading the catalog: {@code /v1/agents/**}, {@code /v1/workflows/**} except running one, the developer loads. */
    CATALOG_READ("catalog:read"),
    /** {@code /v1/wallet/**}. */
    WALLET_READ("wallet:read"),
    /** Sending analytics events: {@code /v1/events}. */
    EVENTS_WRITE("events:write"),
    /**
     * Reports and event queries: {@code /v1/analytics/**} and the analytics API's
     * {@code /api/v1/**} (docs/public-api.md#analytics).
     */
    ANALYTICS_READ("analytics:read"),
    /** The account's own keys: {@code /v1/api-keys/**}. */
    KEYS_MANAGE("keys:manage");

    public static final Set<Scope> ALL = EnumSet.allOf(Scope.class);

    private final String value;

    Scope(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /**
     * Reads a request's {@code scopes}: absent means all of them; an empty list or an unknown name
     * is a 400 naming the field.
     */
    public static Set<Scope> parse(List<String> names) {
        if (names == null) {
            return EnumSet.copyOf(ALL);
        }
        if (names.isEmpty()) {
            throw ApiException.invalid("scopes", "scopes must name at least one scope; omit it for all scopes");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            scopes.add(named(name).orElseThrow(() -> ApiException.invalid("scopes",
                    "Unknown scope '" + name + "'; the scopes are " + String.join(", ", names(ALL)))));
        }
        return scopes;
    }

    /** 403 {@code FORBIDDEN} whose details name the scopes a key lacks. */
    public static ApiException missing(Set<Scope> lacking, String message) {
        return new ApiException(403, ErrorCode.FORBIDDEN, message,
                Map.of("details", "Missing scope: " + String.join(", ", names(lacking))));
    }

    /** As stored: the names space-separated, as OAuth writes scopes. */
    public static String join(Collection<Scope> scopes) {
        return String.join(" ", names(scopes));
    }

    /** Reads what {@link #join} stored; a name no longer known (a retired scope) grants nothing. */
    public static Set<Scope> split(String joined) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(joined.split(" ")).map(Scope::named).flatMap(Optional::stream).forEach(scopes::add);
        return scopes;
    }

    /** The names in this enum's order, as the API shows them. */
    public static List<String> names(Collection<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::value).toList();
    }

    private static Optional<Scope> named(String name) {
        return Arrays.stream(values()).filter(s -> s.value.equals(name)).findFirst();
    }
}
