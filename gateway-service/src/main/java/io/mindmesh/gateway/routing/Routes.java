package io.mindmesh.gateway.routing;

import static io.mindmesh.gateway.auth.Scope.ANALYTICS_READ;
import static io.mindmesh.gateway.auth.Scope.CATALOG_READ;
import static io.mindmesh.gateway.auth.Scope.EVENTS_WRITE;
import static io.mindmesh.gateway.auth.Scope.EXECUTIONS_READ;
import static io.mindmesh.gateway.auth.Scope.KEYS_MANAGE;
import static io.mindmesh.gateway.auth.Scope.ORCHESTRATE;
import static io.mindmesh.gateway.auth.Scope.WALLET_READ;
import static io.mindmesh.gateway.routing.Downstream.ANALYTICS;
import static io.mindmesh.gateway.routing.Downstream.ORCHESTRATOR;
import static io.mindmesh.gateway.routing.Downstream.REGISTRY;
import static io.mindmesh.gateway.routing.Downstream.WALLET;

import io.mindmesh.gateway.auth.Scope;
import io.mindmesh.gateway.routing.Route.Auth;
import io.mindmesh.gateway.routing.Route.TimeoutClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every path the gateway answers, in one table: who owns it, what a caller needs, how long to wait
 * and how it is counted. Authentication, scopes, forwarding, timeouts and metric labels all read
 * this table; nothing else knows a path. The first row that matches a request wins, so specific
 * rows come before the family rows ({@code /v1/agents/**}) that forward whatever else a service
 * serves under its prefix.
 */
public final class Routes {

    /** Operator paths; forwarded ones go to the owning service's {@code /internal/v1/…}. */
    static final String ADMIN_PREFIX = "/v1/admin/";
    /** What a metric calls a path outside the table. */
    public static final String OTHER = "other";

    private static final Set<String> ANY = Set.of();
    private static final Set<String> GET = Set.of("GET");
    private static final Set<String> POST = Set.of("POST");
    /** The operator catalog verbs, answered by the registry's internal API. */
    private static final Set<String> CATALOG_ADMIN = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private static final List<Route> TABLE = table();

    private Routes() {
    }

    public static List<Route> all() {
        return TABLE;
    }

    /** The route a request takes: the first row matching its method and path. */
    public static Optional<Route> match(String method, String path) {
        String[] segments = path.split("/");
        for (Route route : TABLE) {
            if (route.matches(method, segments)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    /**
     * How a request outside the table must authenticate before it learns that nothing is there:
     * the API-key prefixes ask for a key, so that a caller without one cannot map the API.
     */
    public static Auth authOfUnknown(String path) {
        return apiKeyPrefix(path) ? Auth.API_KEY : Auth.NONE;
    }

    /** The public API, operator paths included; not {@code /q/} (probes, metrics). */
    public static boolean isPublic(String path) {
        return path.startsWith("/v1/") || path.startsWith("/api/v1/") || path.startsWith("/developer/v2/")
                || "/health".equals(path);
    }

    private static boolean apiKeyPrefix(String path) {
        return (path.startsWith("/v1/") && !path.startsWith(ADMIN_PREFIX)) || path.startsWith("/api/v1/")
                || path.startsWith("/developer/v2/");
    }

    private static List<Route> table() {
        List<Route> t = new ArrayList<>();
        // Answered by the gateway itself.
        t.add(local(GET, "/health", Auth.NONE, null));
        // The public API's own document (publicapi.PublicApiResource); Swagger UI at /docs is static.
        t.add(local(GET, "/openapi.json", Auth.NONE, null));
        t.add(local(GET, "/v1/auth/test", Auth.API_KEY, null));
        t.add(local(Set.of("GET", "POST"), "/v1/api-keys", Auth.API_KEY, KEYS_MANAGE));
        t.add(local(Set.of("PATCH", "DELETE"), "/v1/api-keys/{id}", Auth.API_KEY, KEYS_MANAGE));
        t.add(local(GET, "/developer/v2/apps/load", Auth.API_KEY, null));
        t.add(local(POST, "/v1/admin/accounts", Auth.OPERATOR, null));
        t.add(local(GET, "/v1/admin/accounts/{id}", Auth.OPERATOR, null));
        t.add(local(POST, "/v1/admin/accounts/{id}/suspend", Auth.OPERATOR, null));
        t.add(local(POST, "/v1/admin/accounts/{id}/api-keys", Auth.OPERATOR, null));
        t.add(local(POST, "/v1/admin/accounts/{id}/top-ups", Auth.OPERATOR, null));

        // Operators: forwarded to the owning service's internal API.
        t.add(new Route(GET, "/v1/admin/analytics/usage", Optional.of(ANALYTICS), Optional.empty(), Auth.OPERATOR,
                TimeoutClass.NORMAL, false));
        for (String catalog : List.of("agents", "workflows", "apps")) {
            for (String template : List.of("", "/{id}", "/**")) {
                t.add(new Route(CATALOG_ADMIN, ADMIN_PREFIX + catalog + template, Optional.of(REGISTRY),
                        Optional.empty(), Auth.OPERATOR, TimeoutClass.NORMAL, false));
            }
        }
        // The orchestrator's LLM providers (the llm runtime's OpenAI-compatible endpoints).
        for (String template : List.of("", "/{name}")) {
            t.add(new Route(CATALOG_ADMIN, ADMIN_PREFIX + "llm-providers" + template, Optional.of(ORCHESTRATOR),
                    Optional.empty(), Auth.OPERATOR, TimeoutClass.NORMAL, false));
        }

        // The orchestrator: runs and executions.
        t.add(key(POST, "/v1/orchestrate", ORCHESTRATOR, ORCHESTRATE));
        t.add(key(GET, "/v1/executions", ORCHESTRATOR, EXECUTIONS_READ));
        t.add(key(GET, "/v1/executions/{id}", ORCHESTRATOR, EXECUTIONS_READ));
        t.add(stream("/v1/executions/{id}/stream"));
        t.add(key(POST, "/v1/executions/{id}/cancel", ORCHESTRATOR, ORCHESTRATE));
        t.add(key(GET, "/v1/executions/**", ORCHESTRATOR, EXECUTIONS_READ));
        t.add(key(ANY, "/v1/executions/**", ORCHESTRATOR, ORCHESTRATE));
        // A workflow is read from the catalog but run by the orchestrator.
        t.add(key(POST, "/v1/workflows/{slug}/run", ORCHESTRATOR, ORCHESTRATE));
        t.add(stream("/api/v1/workflows/execute/{id}/stream"));
        for (String run : List.of("apps", "workers", "agents")) {
            t.add(new Route(POST, "/developer/v2/" + run + "/run", Optional.of(ORCHESTRATOR), Optional.of(ORCHESTRATE),
                    Auth.API_KEY, TimeoutClass.LONG_RUNNING, false));
        }
        // The poll token is the capability: no key, so no account headers; limited per client address.
        t.add(new Route(GET, "/developer/v2/agents/run/poll/{token}", Optional.of(ORCHESTRATOR), Optional.empty(),
                Auth.NONE, TimeoutClass.NORMAL, true));

        // The registry: the catalog.
        t.add(key(GET, "/developer/v2/workers/load", REGISTRY, CATALOG_READ));
        t.add(key(GET, "/developer/v2/agents/load", REGISTRY, CATALOG_READ));
        t.add(key(GET, "/developer/v2/workers/{id}/workflows", REGISTRY, CATALOG_READ));
        family(t, REGISTRY, CATALOG_READ, "/v1/agents", "/v1/agents/{id}");
        family(t, REGISTRY, CATALOG_READ, "/v1/workflows", "/v1/workflows/{id}");

        // The wallet.
        family(t, WALLET, WALLET_READ, "/v1/wallet", "/v1/wallet/transactions");

        // Analytics: events in, reports and event queries out.
        family(t, ANALYTICS, EVENTS_WRITE, "/v1/events");
        family(t, ANALYTICS, ANALYTICS_READ, "/v1/analytics", "/v1/analytics/usage");
        t.add(key(ANY, "/api/v1/agents", ANALYTICS, ANALYTICS_READ));
        t.add(key(ANY, "/api/v1/agents/list", ANALYTICS, ANALYTICS_READ));
        t.add(key(ANY, "/api/v1/events/agent", ANALYTICS, ANALYTICS_READ));
        t.add(key(ANY, "/api/v1/**", ANALYTICS, ANALYTICS_READ));
        return List.copyOf(t);
    }

    private static Route local(Set<String> methods, String template, Auth auth, Scope scope) {
        return new Route(methods, template, Optional.empty(), Optional.ofNullable(scope), auth, TimeoutClass.NORMAL,
                false);
    }

    private static Route key(Set<String> methods, String template, Downstream owner, Scope scope) {
        return new Route(methods, template, Optional.of(owner), Optional.of(scope), Auth.API_KEY, TimeoutClass.NORMAL,
                false);
    }

    private static Route stream(String template) {
        return new Route(GET, template, Optional.of(ORCHESTRATOR), Optional.of(EXECUTIONS_READ), Auth.API_KEY,
                TimeoutClass.STREAM, false);
    }

    /**
     * Named rows for the paths a service documents, then its whole prefix with any method, so that
     * an endpoint the service adds is reachable before the table names it (counted under the family label).
     */
    private static void family(List<Route> t, Downstream owner, Scope scope, String prefix, String... named) {
        t.add(key(ANY, prefix, owner, scope));
        for (String template : named) {
            if (!template.equals(prefix)) {
                t.add(key(ANY, template, owner, scope));
            }
        }
        t.add(key(ANY, prefix + "/**", owner, scope));
    }
}
