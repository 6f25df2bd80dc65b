package io.mindmesh.gateway.publicapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.gateway.routing.Route;
import io.mindmesh.gateway.routing.Routes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The public OpenAPI document and the route table agree: every public row is documented, every
 * documented operation is a row, and every operation states its security and its errors in the
 * envelope. A route added to the table without its documentation fails here.
 */
class PublicApiDocumentTest {

    private static final Set<String> VERBS = Set.of("get", "post", "put", "patch", "delete");
    private static final JsonNode DOCUMENT = read();

    private static JsonNode read() {
        try (InputStream in = PublicApiDocumentTest.class.getClassLoader().getResourceAsStream(PublicApiResource.DOCUMENT)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code /v1/executions/{executionId}} and {@code /v1/executions/{id}} are the same path. */
    private static String shape(String template) {
        return template.replaceAll("\\{[^}]+}", "{}");
    }

    private static Optional<JsonNode> documented(String template) {
        for (Map.Entry<String, JsonNode> path : DOCUMENT.path("paths").properties()) {
            if (shape(path.getKey()).equals(shape(template))) {
                return Optional.of(path.getValue());
            }
        }
        return Optional.empty();
    }

    @Test
    void isOpenApi31WithTheKeyAndOperatorSecuritySchemes() {
        assertEquals("3.1.0", DOCUMENT.path("openapi").asText());
        JsonNode schemes = DOCUMENT.at("/components/securitySchemes");
        assertEquals("bearer", schemes.at("/ApiKeyBearer/scheme").asText());
        assertEquals("x-api-key", schemes.at("/ApiKeyHeader/name").asText());
        assertEquals("bearer", schemes.at("/OperatorToken/scheme").asText());
        assertTrue(DOCUMENT.at("/components/headers").has("X-RateLimit-Remaining"));
    }

    @Test
    void everyPublicRouteIsDocumented() {
        List<String> missing = new ArrayList<>();
        for (Route route : Routes.all()) {
            String template = route.template();
            if (!Routes.isPublic(template) || template.endsWith("/**")) {
                continue; // a family's catch-all forwards what its named rows document
            }
            Optional<JsonNode> path = documented(template);
            if (path.isEmpty()) {
                boolean familyPrefix = route.methods().isEmpty() && DOCUMENT.path("paths").properties().stream()
                        .anyMatch(p -> p.getKey().startsWith(template + "/"));
                if (!familyPrefix) {
                    missing.add(template);
                }
                continue;
            }
            if (forwardsWhateverTheServiceServes(route)) {
                if (path.get().properties().stream().noneMatch(p -> VERBS.contains(p.getKey()))) {
                    missing.add(template + " (no operation)");
                }
            } else {
                for (String method : route.methods()) {
                    if (!path.get().has(method.toLowerCase(Locale.ROOT))) {
                        missing.add(method + " " + template);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "public routes missing from " + PublicApiResource.DOCUMENT + ": " + missing);
    }

    /** Any method, or the operator catalog's verbs: the owning service decides which it answers. */
    private static boolean forwardsWhateverTheServiceServes(Route route) {
        return route.methods().isEmpty() || route.methods().size() > 2;
    }

    @Test
    void everyDocumentedOperationIsARouteWithItsSecurityAndErrors() {
        List<String> problems = new ArrayList<>();
        DOCUMENT.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            if (!VERBS.contains(operation.getKey())) {
                return;
            }
            String method = operation.getKey().toUpperCase(Locale.ROOT);
            String what = method + " " + path.getKey();
            Optional<Route> route = Routes.match(method, path.getKey().replaceAll("\\{[^}]+}", "x1"));
            if (route.isEmpty()) {
                problems.add(what + " is not in the route table");
                return;
            }
            JsonNode security = operation.getValue().path("security");
            String expected = switch (route.get().auth()) {
                case API_KEY -> "ApiKeyBearer";
                case OPERATOR -> "OperatorToken";
                case NONE -> null;
            };
            boolean secured = security.isArray() && !security.isEmpty();
            if (expected == null ? secured : !secured || !security.get(0).has(expected)) {
                problems.add(what + " has security " + security + ", expected " + expected);
            }
            JsonNode responses = operation.getValue().path("responses");
            for (String status : List.of("400", "500", "503")) {
                if (!responses.path(status).path("$ref").asText().startsWith("#/components/responses/")) {
                    problems.add(what + " does not document " + status + " in the envelope");
                }
            }
            if (secured && !responses.has("401")) {
                problems.add(what + " does not document 401");
            }
        }));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyErrorResponseIsTheEnvelope() {
        DOCUMENT.at("/components/responses").properties().forEach(response -> {
            String schema = response.getValue().at("/content/application~1json/schema/$ref").asText();
            assertFalse(schema.isEmpty(), response.getKey());
            JsonNode target = DOCUMENT.at(schema.substring(1));
            boolean envelope = schema.endsWith("/Error") || target.at("/allOf/0/$ref").asText().endsWith("/Error");
            assertTrue(envelope, response.getKey() + " is not the error envelope");
        });
        assertEquals(List.of("error", "message", "requestId"),
                new ObjectMapper().convertValue(DOCUMENT.at("/components/schemas/Error/required"), List.class));
    }
}
