package io.mindmesh.system;

import static io.mindmesh.system.Api.createKey;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.operator;
import static io.mindmesh.system.Api.topUp;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.testing.KeycloakServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Reads the gateway's public OpenAPI document and sends, for every operation, requests generated
 * from it (valid ones, and wrong types, missing and extra fields, huge and empty strings, unicode,
 * NUL characters, deep nesting, boundary numbers, bad headers, wrong methods) through the gateway to
 * the running services, within a fixed time budget ({@code -Dfuzz.budget=120} seconds) and from a
 * fixed seed ({@code -Dfuzz.seed}). It fails on any 5xx, an error body that is not the envelope,
 * a body showing a stack trace, SQL or a class name, and any answer that shows another account's
 * objects. The generators are seeded {@link Random}s, so a failure replays with its seed.
 */
class PublicApiFuzzIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> VERBS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> CODES = Set.of("INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN",
            "INSUFFICIENT_BALANCE", "NOT_FOUND", "NO_AGENTS_AVAILABLE", "CONFLICT", "RATE_LIMIT_EXCEEDED",
            "INTERNAL_ERROR", "SERVICE_UNAVAILABLE");
    /** What only a stack trace, a SQL error or an internal name would put into a body. */
    private static final List<String> LEAKS = List.of("java.lang", "java.util", "java.sql", "java.io", "jakarta.",
            "io.mindmesh.", "com.fasterxml", "org.hibernate", "org.postgresql", "org.jboss", "io.quarkus", "io.vertx",
            "SQLSTATE", "PSQLException", "Exception:", "\tat ", "Caused by:", "Cannot deserialize", "Unrecognized token",
            "duplicate key value", "violates ", "syntax error at");
    private static final List<String> UNICODE = List.of("Ünïcödé", "日本語のテキスト", "مرحبا", "😀🚀", "\u200b\u200e",
            "\uD83D", "e\u0301", "Ω≈ç√", "\uFEFF", "\u202Eevil");
    private static final List<String> NUMBERS = List.of("0", "-1", "1", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "1e308", "1e400", "-1e400", "1e-400", "1e10000", "-0", "0.5",
            "1.0000001", "123456789012345678901234567890", "3.14159265358979323846264338327950288");

    private final Random random = new Random(Long.getLong("fuzz.seed", 20_261_203L));
    private final Duration budget = Duration.ofSeconds(Long.getLong("fuzz.budget", 120L));
    /** HTTP/1.1, as curl and most clients speak it (an h2c upgrade caps headers at 8 KiB with a bare 431). */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> failures = new ArrayList<>();
    private final String base = Platform.shared().gatewayUrl();
    private JsonNode document;
    private Caller self;
    private Other other;
    private String operatorToken;
    private long tried;

    /** The fuzzing account: its key, a sandbox key, and one object of its own to address. */
    private record Caller(String key, String testKey, String ownKeyId) {
    }

    /** Another account whose objects must stay invisible: its execution, key id and a marker in its data. */
    private record Other(String executionId, String keyId, String marker) {
    }

    @Test
    void everyDocumentedOperationSurvivesGeneratedInput() throws Exception {
        document = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body());
        self = caller();
        other = other();
        operatorToken = KeycloakServer.shared().operatorToken();
        List<Operation> operations = operations();
        long deadline = System.nanoTime() + budget.toNanos();
        while (System.nanoTime() < deadline && failures.size() < 50) {
            Operation operation = operations.get(random.nextInt(operations.size()));
            send(operation, random.nextInt(4) == 0 ? Mutation.NONE : Mutation.values()[random.nextInt(Mutation.values().length)]);
        }
        System.out.printf("PublicApiFuzzIT: %d requests tried over %d operations (seed %d, budget %ds), %d failures%n",
                tried, operations.size(), Long.getLong("fuzz.seed", 20_261_203L), budget.toSeconds(), failures.size());
        assertTrue(tried > 0, "no request was tried");
        assertTrue(failures.isEmpty(), failures.size() + " failures:\n" + String.join("\n", failures));
    }

    private Caller caller() {
        String accountId = enterpriseAccount("Fuzz caller");
        topUp(accountId, "1000.00");
        return new Caller(key(accountId, "live"), key(accountId, "test"), createKey(accountId, "live").id());
    }

    private Other other() {
        String accountId = enterpriseAccount("Fuzz other");
        topUp(accountId, "100.00");
        String otherKey = key(accountId, "live");
        String marker = "fuzz-other-" + UUID.randomUUID();
        String executionId = Api.as(otherKey).body(Map.of("query", "Write a launch email " + marker,
                        "selectionCriteria", Map.of("verticals", List.of("marketing"), "maxAgents", 1)))
                .post("/v1/orchestrate").then().statusCode(202).extract().path("executionId");
        return new Other(executionId, createKey(accountId, "live").id(), marker);
    }

    /** Rate limits high enough that the budget is spent on input, not on 429s. */
    private static String enterpriseAccount(String name) {
        return operator().body(Map.of("name", name, "tier", "enterprise", "rateLimitPerMinute", 1_000_000,
                "rateLimitPerDay", 100_000_000)).post("/v1/admin/accounts").then().statusCode(201).extract().path("id");
    }

    private record Operation(String method, String path, JsonNode spec, boolean operatorOnly, boolean open) {
    }

    private List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            String method = op.getKey().toUpperCase();
            if (!VERBS.contains(method)) {
                return;
            }
            JsonNode security = op.getValue().path("security");
            boolean open = security.isArray() && security.isEmpty();
            boolean operatorOnly = !open && security.toString().contains("OperatorToken");
            operations.add(new Operation(method, path.getKey(), op.getValue(), operatorOnly, open));
        }));
        return operations;
    }

    private enum Mutation {
        NONE, WRONG_TYPE, MISSING_FIELD, EXTRA_FIELD, HUGE_STRING, EMPTY_STRING, UNICODE, NUL, DEEP_NESTING,
        BOUNDARY_NUMBER, NOT_JSON, BAD_QUERY, BAD_PATH, BAD_HEADERS, WRONG_METHOD, WRONG_CREDENTIAL, LONG_URL
    }

    private void send(Operation operation, Mutation mutation) {
        String method = mutation == Mutation.WRONG_METHOD ? otherMethod(operation) : operation.method();
        StringBuilder target = new StringBuilder(base).append(path(operation, mutation));
        target.append(query(operation, mutation));
        String body = body(operation, mutation);
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.toString())).timeout(Duration.ofSeconds(60));
        } catch (IllegalArgumentException unsendable) {
            return; // a URI the client itself refuses never reaches the gateway
        }
        credential(request, operation, mutation);
        headers(request, mutation);
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        try {
            request.method(method, publisher);
        } catch (IllegalArgumentException unsendable) {
            return;
        }
        String what = method + " " + target.substring(base.length(), Math.min(target.length(), base.length() + 200))
                + " [" + mutation + "]" + (body == null ? "" : " body " + abbreviate(body));
        tried++;
        HttpRequest built = request.build();
        try {
            exchange(what, built);
        } catch (IOException first) {
            // A pooled connection the gateway closed after a refused body: one retry on a fresh one.
            try {
                exchange(what, built);
            } catch (IOException e) {
                failures.add(what + " -> no answer: " + e);
            }
        }
    }

    private void exchange(String what, HttpRequest request) throws IOException {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            byte[] bytes;
            try (InputStream in = response.body()) {
                bytes = in.readNBytes(256 * 1024); // a stream ends with its execution; the start is enough
            }
            check(what, response, new String(bytes, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void check(String what, HttpResponse<?> response, String body) {
        int status = response.statusCode();
        if (status >= 500) {
            failures.add(what + " -> " + status + " " + abbreviate(body));
            return;
        }
        if (status >= 400) {
            try {
                JsonNode error = JSON.readTree(body);
                if (error == null || !error.isObject() || !CODES.contains(error.path("error").asText())
                        || !error.path("message").isTextual() || !error.path("requestId").isTextual()) {
                    failures.add(what + " -> " + status + " not the error envelope: " + abbreviate(body));
                }
            } catch (IOException e) {
                failures.add(what + " -> " + status + " not JSON: " + abbreviate(body));
            }
        }
        for (String leak : LEAKS) {
            if (body.contains(leak)) {
                failures.add(what + " -> " + status + " shows \"" + leak + "\": " + abbreviate(body));
            }
        }
        boolean success = status >= 200 && status < 300;
        if (body.contains(other.marker())
                || success && (body.contains(other.executionId()) || body.contains(other.keyId()))) {
            failures.add(what + " -> " + status + " shows another account's object: " + abbreviate(body));
        }
    }

    // --- requests -------------------------------------------------------------------------------

    private String path(Operation operation, Mutation mutation) {
        String path = operation.path();
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/", -1)) {
            if (segment.startsWith("{")) {
                segment = encode(pathValue(operation, segment.substring(1, segment.length() - 1), mutation));
            }
            out.append(segment).append('/');
        }
        return out.substring(0, out.length() - 1);
    }

    private String pathValue(Operation operation, String name, Mutation mutation) {
        if (mutation == Mutation.BAD_PATH) {
            return pick(List.of("", "..", "%", "a/b", "x".repeat(300), "\u0000", "exec_\u0000", pick(UNICODE), "-1",
                    "99999999999999999999", " ", "null"));
        }
        if (operation.operatorOnly()) {
            return "fuzz_" + Long.toHexString(random.nextLong()); // never a real catalog object: nothing is changed
        }
        if ("id".equals(name) && operation.path().startsWith("/v1/api-keys")) {
            return random.nextBoolean() ? self.ownKeyId() : other.keyId();
        }
        if (operation.path().contains("executions") || operation.path().contains("execute")) {
            return random.nextInt(3) == 0 ? "exec_" + Long.toHexString(random.nextLong()) : other.executionId();
        }
        return pick(List.of("agent_email_campaign", "seo-article", "fuzz_" + random.nextInt(1000), pick(UNICODE)));
    }

    private String query(Operation operation, Mutation mutation) {
        List<String> pairs = new ArrayList<>();
        for (JsonNode parameter : parameters(operation, "query")) {
            if (random.nextBoolean() && mutation != Mutation.BAD_QUERY) {
                continue;
            }
            String name = parameter.path("name").asText();
            String value = mutation == Mutation.BAD_QUERY ? pick(List.of("abc", "-1", "0", "1.5", "1e400",
                    "99999999999999999999", "30000000", "\u0000", pick(UNICODE), "x".repeat(3000), "", "[]", "' OR 1=1 --"))
                    : text(valid(schema(parameter.path("schema")), 0));
            pairs.add(encode(name) + "=" + encode(value));
        }
        if (mutation == Mutation.BAD_QUERY && random.nextBoolean()) {
            pairs.add("page=1&page=2&unknown=" + encode(pick(UNICODE)));
        }
        if (mutation == Mutation.LONG_URL) {
            pairs.add("q=" + "a".repeat(3900 + random.nextInt(4000)));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }

    private String body(Operation operation, Mutation mutation) {
        JsonNode schema = operation.spec().at("/requestBody/content/application~1json/schema");
        if (schema.isMissingNode()) {
            return mutation == Mutation.NOT_JSON ? "{\"unexpected\": true}" : null;
        }
        JsonNode value = valid(schema(schema), 0);
        switch (mutation) {
            case NOT_JSON:
                return pick(List.of("", "{", "not json", "[]", "null", "\"text\"", "123", "{\"a\":}", "{'a': 1}",
                        "{\"a\": 1,}", "\u0000", "{\"a\": \"\\ud800\"}", "{\"a\": 01}", "{\"a\": NaN}", "{\"a\": Infinity}"));
            case DEEP_NESTING:
                int depth = pick(List.of(50, 999, 1001, 5000, 20000));
                return "{\"query\": " + "[".repeat(depth) + "1" + "]".repeat(depth) + ", \"payload\": "
                        + "{\"a\":".repeat(Math.min(depth, 3000)) + "1" + "}".repeat(Math.min(depth, 3000)) + "}";
            case NONE, BAD_QUERY, BAD_PATH, BAD_HEADERS, WRONG_METHOD, WRONG_CREDENTIAL, LONG_URL:
                return value.toString();
            default:
                return mutate(value, mutation).toString();
        }
    }

    /** Applies the mutation at one random place in the document. */
    private JsonNode mutate(JsonNode value, Mutation mutation) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(value, objects);
        if (objects.isEmpty()) {
            return value;
        }
        ObjectNode object = objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        String field = names.isEmpty() ? "query" : pick(names);
        switch (mutation) {
            case WRONG_TYPE -> object.set(field, pick(List.of(NODES.textNode("text"), NODES.numberNode(42),
                    NODES.booleanNode(true), NODES.arrayNode().add(1), NODES.objectNode().put("a", 1), NODES.nullNode(),
                    NODES.numberNode(1.5))));
            case MISSING_FIELD -> object.remove(field);
            case EXTRA_FIELD -> object.put("unexpected_" + random.nextInt(100), pick(UNICODE));
            case HUGE_STRING -> object.put(field, "x".repeat(pick(List.of(10_001, 70_000, 300_000, 1_100_000))));
            case EMPTY_STRING -> object.put(field, pick(List.of("", " ", "\t")));
            case UNICODE -> object.put(field, pick(UNICODE));
            case NUL -> object.put(random.nextInt(5) == 0 ? field + "\u0000" : field, "a\u0000b");
            case BOUNDARY_NUMBER -> object.set(field, number(pick(NUMBERS)));
            default -> {
            }
        }
        return value;
    }

    private static JsonNode number(String text) {
        return text.matches("-?\\d+") ? NODES.numberNode(new BigInteger(text)) : NODES.numberNode(new BigDecimal(text));
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode object) {
            into.add(object);
        }
        node.forEach(child -> collectObjects(child, into));
    }

    private void credential(HttpRequest.Builder request, Operation operation, Mutation mutation) {
        if (mutation == Mutation.WRONG_CREDENTIAL) {
            String wrong = pick(List.of("Bearer mk_live_" + "0".repeat(40), "Bearer garbage", "Basic dXNlcjpwYXNz",
                    "Bearer " + self.testKey(), "Bearer " + (operation.operatorOnly() ? self.key() : operatorToken), ""));
            if (!wrong.isEmpty()) {
                request.header("Authorization", wrong);
            }
            return;
        }
        if (operation.operatorOnly()) {
            request.header("Authorization", "Bearer " + operatorToken);
        } else if (!operation.open()) {
            if (random.nextBoolean()) {
                request.header("Authorization", "Bearer " + self.key());
            } else {
                request.header("x-api-key", self.key());
            }
        }
    }

    private void headers(HttpRequest.Builder request, Mutation mutation) {
        request.header("Content-Type", mutation == Mutation.BAD_HEADERS
                ? pick(List.of("text/plain", "application/xml", "application/json; charset=latin1", "*/*", "garbage"))
                : "application/json");
        if (mutation == Mutation.BAD_HEADERS) {
            request.header("X-Request-ID", pick(List.of("x".repeat(3000), "ünïcode", "", "req_\t1")));
            request.header("X-Idempotency-Key", pick(List.of("k".repeat(3000), "", "ünïcode-" + random.nextInt())));
            request.header("Accept", pick(List.of("text/html", "application/xml", "*/*")));
            request.header("Last-Event-ID", pick(List.of("-1", "abc", "99999999999999999999", "1e400")));
        } else if (random.nextInt(4) == 0) {
            request.header("X-Idempotency-Key", "fuzz-" + random.nextInt(50));
        }
    }

    private String otherMethod(Operation operation) {
        List<String> others = new ArrayList<>(VERBS);
        others.remove(operation.method());
        return pick(others);
    }

    // --- values from the schema -----------------------------------------------------------------

    private List<JsonNode> parameters(Operation operation, String in) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode parameter : operation.spec().path("parameters")) {
            JsonNode resolved = schema(parameter);
            if (in.equals(resolved.path("in").asText())) {
                found.add(resolved);
            }
        }
        return found;
    }

    /** Follows a {@code $ref} and merges an {@code allOf}. */
    private JsonNode schema(JsonNode schema) {
        if (schema.has("$ref")) {
            return schema(document.at(schema.get("$ref").asText().substring(1)));
        }
        if (schema.has("allOf")) {
            ObjectNode merged = NODES.objectNode().put("type", "object");
            ObjectNode properties = merged.putObject("properties");
            for (JsonNode part : schema.get("allOf")) {
                JsonNode resolved = schema(part);
                resolved.path("properties").properties().forEach(p -> properties.set(p.getKey(), p.getValue()));
            }
            return merged;
        }
        return schema;
    }

    private JsonNode valid(JsonNode schema, int depth) {
        schema = schema(schema);
        if (schema.has("enum")) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        switch (schema.path("type").asText("object")) {
            case "string": {
                if ("date-time".equals(schema.path("format").asText())) {
                    return NODES.textNode("2030-01-0" + (1 + random.nextInt(9)) + "T00:00:00Z");
                }
                if ("date".equals(schema.path("format").asText())) {
                    return NODES.textNode("2025-10-0" + (1 + random.nextInt(9)));
                }
                int max = Math.min(schema.path("maxLength").asInt(40), 40);
                int min = Math.max(schema.path("minLength").asInt(1), 1);
                return NODES.textNode(words(min + random.nextInt(Math.max(1, max - min + 1))));
            }
            case "integer": {
                long min = schema.path("minimum").asLong(1);
                long max = schema.path("maximum").asLong(min + 20);
                return NODES.numberNode(min + (long) random.nextInt((int) Math.min(1000, max - min + 1)));
            }
            case "number":
                return NODES.numberNode(new BigDecimal(random.nextInt(100)).movePointLeft(2));
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            case "array": {
                ArrayNode array = NODES.arrayNode();
                int size = depth > 3 ? 0 : random.nextInt(3);
                for (int i = 0; i < size; i++) {
                    array.add(valid(schema.path("items"), depth + 1));
                }
                return array;
            }
            default: {
                ObjectNode object = NODES.objectNode();
                if (depth > 4) {
                    return object;
                }
                Set<String> required = new java.util.HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    if (required.contains(property.getKey()) || random.nextBoolean()) {
                        object.set(property.getKey(), valid(property.getValue(), depth + 1));
                    }
                }
                return object;
            }
        }
    }

    private String words(int length) {
        String[] words = {"launch", "campaign", "marketing", "email", "report", "Dogs", "agent", "plan"};
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            text.append(text.isEmpty() ? "" : " ").append(words[random.nextInt(words.length)]);
        }
        return text.substring(0, length).trim().isEmpty() ? "x" : text.substring(0, length);
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        String flat = text.replace('\n', ' ');
        return flat.length() > 300 ? flat.substring(0, 300) + "…(" + flat.length() + " chars)" : flat;
    }
}
