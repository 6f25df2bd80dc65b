package io.mindmesh.gateway.metrics;

import java.util.List;

/**
 * The route a public path belongs to, as a metric label: ids become {@code {id}}, and a path
 * outside the known routes is only named by its family ({@code /v1/agents/**}) or {@code other}.
 * Labels come from this fixed list only, so no caller can create series with made-up paths, ids or keys.
 */
public final class RouteTemplate {

    public static final String OTHER = "other";

    private static final String ID = "{id}";
    private static final List<String[]> TEMPLATES = List.of(
            "/health",
            "/v1/auth/test",
            "/v1/orchestrate",
            "/v1/executions",
            "/v1/executions/{id}",
            "/v1/executions/{id}/cancel",
            "/v1/executions/{id}/stream",
            "/v1/agents",
            "/v1/agents/{id}",
            "/v1/workflows",
            "/v1/workflows/{id}",
            "/v1/workflows/{id}/run",
            "/v1/wallet",
            "/v1/wallet/transactions",
            "/v1/events",
            "/v1/analytics/usage",
            "/v1/api-keys",
            "/v1/api-keys/{id}",
            "/api/v1/agents",
            "/api/v1/agents/list",
            "/api/v1/events/agent",
            "/v1/admin/accounts",
            "/v1/admin/accounts/{id}",
            "/v1/admin/accounts/{id}/suspend",
            "/v1/admin/accounts/{id}/api-keys",
            "/v1/admin/accounts/{id}/top-ups",
            "/v1/admin/agents",
            "/v1/admin/agents/{id}",
            "/v1/admin/workflows",
            "/v1/admin/workflows/{id}",
            "/v1/admin/analytics/usage").stream().map(t -> t.split("/")).toList();
    private static final List<String> FAMILIES = List.of("orchestrate", "executions", "agents", "workflows", "wallet",
            "events", "analytics", "api-keys", "auth", "admin");

    private RouteTemplate() {
    }

    public static String of(String path) {
        String[] segments = path.split("/");
        for (String[] template : TEMPLATES) {
            if (matches(template, segments)) {
                return String.join("/", template);
            }
        }
        if (path.startsWith("/api/v1/")) {
            return "/api/v1/**";
        }
        if (segments.length > 2 && "v1".equals(segments[1]) && FAMILIES.contains(segments[2])) {
            return "/v1/" + segments[2] + "/**";
        }
        return OTHER;
    }

    private static boolean matches(String[] template, String[] segments) {
        if (template.length != segments.length) {
            return false;
        }
        for (int i = 0; i < template.length; i++) {
            if (!template[i].equals(segments[i]) && !(ID.equals(template[i]) && !segments[i].isEmpty())) {
                return false;
            }
        }
        return true;
    }
}
