package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * App runs through the gateway on the demo Content Studio app, whose default workflow writes a
 * blog post about the launch variable {@code topic}; and the two npm MindStudio clients, installed
 * from the npm registry and run unchanged with node against the platform.
 */
class AppRunsIT {

    static final String APP_ID = "5f0c3a52-6d1e-4c8f-9b7a-2e4d8c1b7a10";
    private static final String DOGS = "Assistant will write a blog post about the following topic: Dogs";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSynchronousRunShowsTheSubstitutedTopicAndItsExactCost() {
        String accountId = account("developer");
        topUp(accountId, "10.00");
        String liveKey = key(accountId, "live");

        JsonPath answer = as(liveKey)
                .body("{\"appId\":\"" + APP_ID + "\",\"variables\":{\"topic\":\"Dogs\"},\"includeBillingCost\":true}")
                .post("/developer/v2/apps/run")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("thread.appId", equalTo(APP_ID))
                .body("thread.source", equalTo("api"))
                .body("thread.isFinished", equalTo(true))
                .body("thread.variables.topic", equalTo("Dogs"))
                .body("billingCost", matchesPattern("\\$0\\.\\d+"))
                .extract().jsonPath();
        assertEquals(DOGS, answer.getString("result.blogPost.instructions"));
        BigDecimal cost = new BigDecimal(answer.getString("billingCost").substring(1));
        as(liveKey).get("/v1/wallet").then().statusCode(200)
                .body("balance", comparesEqualTo(new BigDecimal("10.00").subtract(cost)))
                .body("held", comparesEqualTo(BigDecimal.ZERO));
    }

    @Test
    void withACallbackTheSignedResultIsPostedToIt() throws Exception {
        String testKey = key(account("developer"), "test");
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/callback", exchange -> {
            bodies.add(exchange.getRequestBody().readAllBytes());
            signatures.add(exchange.getRequestHeaders().getFirst("X-Mindmesh-Signature"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/callback";
            as(testKey).body(Map.of("appId", APP_ID, "workflow", "blog-post.flow", "variables", Map.of("topic", "Dogs"),
                            "callbackUrl", url, "callbackSecret", "whsec-system-test"))
                    .post("/developer/v2/apps/run")
                    .then().statusCode(200).body("success", equalTo(true)).body("callbackInProgress", equalTo(true));

            Await.until(() -> bodies.size(), n -> n > 0, Duration.ofSeconds(60), "the callback");
            byte[] body = bodies.getFirst();
            assertEquals(hmac("whsec-system-test", body), signatures.getFirst(), "signed with the callback secret");
            JsonNode posted = JSON.readTree(body);
            assertTrue(posted.get("success").asBoolean());
            assertEquals(DOGS, posted.at("/result/blogPost/instructions").asText());
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void appsLoadNamesTheKeysOrganization() {
        String accountId = account("developer");
        as(key(accountId, "live")).get("/developer/v2/apps/load").then().statusCode(200)
                .body("orgId", equalTo(accountId)).body("orgName", equalTo("System test developer"));
        given().spec(Api.gateway()).get("/developer/v2/apps/load").then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"));
    }

    @Test
    void errorsAreAnsweredInTheEnvelope() {
        String testKey = key(account("developer"), "test");
        as(testKey).body("{\"appId\":\"" + APP_ID + "\",\"variables\":{}}").post("/developer/v2/apps/run")
                .then().statusCode(400).body("error", equalTo("INVALID_REQUEST")).body("field", equalTo("variables.topic"));
        as(testKey).body("{\"appId\":\"00000000-0000-0000-0000-000000000000\"}").post("/developer/v2/apps/run")
                .then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        as(testKey).body("{\"appId\":\"" + APP_ID + "\",\"workflow\":\"nope\",\"variables\":{\"topic\":\"a\"}}")
                .post("/developer/v2/apps/run").then().statusCode(404).body("error", equalTo("NOT_FOUND"));
        given().spec(Api.gateway()).body("{\"appId\":\"" + APP_ID + "\"}").post("/developer/v2/apps/run")
                .then().statusCode(401).body("error", equalTo("UNAUTHORIZED"));
        String poorKey = key(account("developer"), "live");
        as(poorKey).body("{\"appId\":\"" + APP_ID + "\",\"variables\":{\"topic\":\"a\"}}").post("/developer/v2/apps/run")
                .then().statusCode(402).body("error", equalTo("INSUFFICIENT_BALANCE"));
    }

    @Test
    void theNpmClientsListAndRunAppsUnchanged() throws Exception {
        String testKey = key(account("developer"), "test");
        Path dir = Path.of("target", "npm-clients").toAbsolutePath();
        Files.createDirectories(dir);
        run(dir, Map.of(), "npm", "install", "--no-audit", "--no-fund", "--silent", "mindstudio@0.9",
                "@mindstudio-ai/agent@0.1");
        String gateway = Platform.shared().gatewayUrl();

        String listed = run(dir, Map.of("MINDSTUDIO_KEY", testKey), "node", "node_modules/mindstudio/dist/src/cli/index.js",
                "list", "--base-url", gateway + "/developer/v2");
        assertTrue(listed.contains("Content Studio") && listed.contains("Blog post"), listed);

        Files.writeString(dir.resolve("run-mindstudio.js"), """
                const { MindStudio } = require('mindstudio');
                new MindStudio(process.env.KEY, { baseUrl: process.env.BASE + '/developer/v2' })
                  .run({ workerId: process.env.APP, workflow: 'blog-post', variables: { topic: 'Dogs' } })
                  .then(r => console.log(JSON.stringify(r)), e => { console.error(e); process.exit(1); });
                """);
        JsonNode mindstudio = lastJsonLine(run(dir, Map.of("KEY", testKey, "BASE", gateway, "APP", APP_ID), "node",
                "run-mindstudio.js"));
        assertEquals(DOGS, mindstudio.at("/result/blogPost/instructions").asText());
        assertTrue(mindstudio.get("billingCost").asText().startsWith("$"));

        Files.writeString(dir.resolve("run-agent.mjs"), """
                import { MindStudioAgent } from '@mindstudio-ai/agent';
                const agent = new MindStudioAgent({ apiKey: process.env.KEY, baseUrl: process.env.BASE });
                const { apps } = await agent.listAgents();
                const result = await agent.runAgent({ appId: process.env.APP, variables: { topic: 'Dogs' },
                  pollIntervalMs: 200 });
                console.log(JSON.stringify({ names: apps.map(a => a.name), result }));
                """);
        JsonNode agent = lastJsonLine(run(dir, Map.of("KEY", testKey, "BASE", gateway, "APP", APP_ID), "node",
                "run-agent.mjs"));
        assertTrue(agent.get("names").toString().contains("Content Studio"), agent.toString());
        assertTrue(agent.at("/result/success").asBoolean());
        assertEquals(DOGS, agent.at("/result/result/blogPost/instructions").asText());
    }

    private static JsonNode lastJsonLine(String output) throws IOException {
        List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
        assertTrue(!lines.isEmpty(), output);
        return JSON.readTree(lines.getLast());
    }

    private static String run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + text);
        return text;
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
