package io.mindmesh.gateway.routing;

import io.mindmesh.gateway.auth.Scope;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One row of the gateway's route table ({@link Routes}).
 *
 * @param methods    the HTTP methods it answers; empty for any method
 * @param template   its path: {@code {name}} is one non-empty segment, a final {@code **} any number of
 *                   segments (none included); the template is also the route's metric label, so ids
 *                   and keys never become labels
 * @param downstream the service that owns it, or empty when the gateway answers it itself
 * @param scope      what an API key must hold, or empty when any valid key (or no key) may call it
 * @param limitByClientIp whether requests are rate-limited per client address (routes without a key)
 * @param parts      the template split at {@code /}, once, for matching
 */
public record Route(Set<String> methods, String template, Optional<Downstream> downstream, Optional<Scope> scope,
        Auth auth, TimeoutClass timeout, boolean limitByClientIp, List<String> parts) {

    /** How a route's caller proves who it is. */
    public enum Auth {
        /** {@code Authorization: Bearer mk_…} or {@code x-api-key: mk_…}. */
        API_KEY,
        /** A Keycloak token with the realm role {@code operator}, checked by Quarkus security. */
        OPERATOR,
        /** Nothing: the path itself is the capability, or the route tells nothing about anyone. */
        NONE
    }

    /** How long the gateway waits for the owning service's answer. */
    public enum TimeoutClass {
        /** The service's {@code gateway.downstream.<service>.timeout}. */
        NORMAL,
        /** A synchronous run that may last minutes: {@code gateway.downstream.long-running-timeout}. */
        LONG_RUNNING,
        /** Server-sent events: the normal timeout until the headers arrive, then as long as the service streams. */
        STREAM
    }

    private static final String ANY_REST = "**";

    Route(Set<String> methods, String template, Optional<Downstream> downstream, Optional<Scope> scope, Auth auth,
            TimeoutClass timeout, boolean limitByClientIp) {
        this(Set.copyOf(methods), template, downstream, scope, auth, timeout, limitByClientIp,
                List.of(template.split("/")));
    }

    public String label() {
        return template;
    }

    /** Where the owning service serves this path: operator paths map onto its internal API. */
    public String downstreamPath(String publicPath) {
        if (auth == Auth.OPERATOR && publicPath.startsWith(Routes.ADMIN_PREFIX)) {
            return "/internal/v1/" + publicPath.substring(Routes.ADMIN_PREFIX.length());
        }
        return publicPath;
    }

    boolean matches(String method, String[] segments) {
        return (methods.isEmpty() || methods.contains(method)) && matchesPath(segments);
    }

    boolean matchesPath(String[] segments) {
        int size = parts.size();
        for (int i = 0; i < size; i++) {
            String part = parts.get(i);
            if (i == size - 1 && ANY_REST.equals(part)) {
                return true;
            }
            if (i >= segments.length) {
                return false;
            }
            boolean placeholder = part.startsWith("{");
            if (placeholder ? segments[i].isEmpty() : !part.equals(segments[i])) {
                return false;
            }
        }
        return size == segments.length;
    }
}
