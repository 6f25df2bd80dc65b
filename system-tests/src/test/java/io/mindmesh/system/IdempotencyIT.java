package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** X-Idempotency-Key (docs/public-api.md#idempotency), enforced across the gateway and the orchestrator. */
class IdempotencyIT {

    @Test
    void twentyConcurrentPostsWithOneKeyCreateExactlyOneExecution() throws Exception {
        String accountId = account("developer");
        topUp(accountId, "20.00");
        String liveKey = key(accountId, "live");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Callable<Response>> posts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            posts.add(() -> as(liveKey).header("X-Idempotency-Key", "campaign_launch_2025_11_10")
                    .body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate"));
        }
        Set<String> executionIds = new HashSet<>();
        try {
            for (Future<Response> answer : pool.invokeAll(posts)) {
                Response response = answer.get();
                assertTrue(response.statusCode() == 202 || response.statusCode() == 409,
                        "each duplicate is either replayed or told the first is in flight: " + response.asString());
                if (response.statusCode() == 202) {
                    executionIds.add(response.path("executionId"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, executionIds.size());

        as(liveKey).get("/v1/executions").then().statusCode(200).body("pagination.total", equalTo(1));
        as(liveKey).header("X-Idempotency-Key", "campaign_launch_2025_11_10")
                .body(SeedExamples.MARKETING_CAMPAIGN).post("/v1/orchestrate")
                .then().statusCode(202)
                .header("Idempotent-Replayed", equalTo("true"))
                .body("executionId", equalTo(executionIds.iterator().next()));
        as(liveKey).header("X-Idempotency-Key", "campaign_launch_2025_11_10")
                .body(SeedExamples.CROSS_BORDER_PAYMENT).post("/v1/orchestrate")
                .then().statusCode(422).body("error", equalTo("INVALID_REQUEST"));
    }
}
