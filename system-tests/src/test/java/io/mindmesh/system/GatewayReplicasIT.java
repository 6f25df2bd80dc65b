package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.as;
import static io.mindmesh.system.Api.createKey;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Two gateway processes share one rate-limit budget and one set of keys. */
class GatewayReplicasIT {

    private static final int DEVELOPER_PER_MINUTE = 100;
    /** Enough to finish the burst inside one clock-aligned minute window. */
    private static final long LATEST_START_SECOND = 40;

    private final List<String> gateways = List.of(Platform.shared().gatewayUrl(),
            Platform.shared().url(Platform.SECOND_GATEWAY));

    @Test
    void aDeveloperKeyGetsExactlyItsHundredAMinuteAcrossBothGateways() {
        String key = createKey(account("developer"), "live").secret();
        awaitRoomInTheCurrentMinute();

        List<Long> remaining = new ArrayList<>();
        List<Response> refused = new ArrayList<>();
        for (int i = 0; i < DEVELOPER_PER_MINUTE + 30; i++) {
            Response response = as(key, gateways.get(i % 2)).get("/v1/auth/test");
            if (response.statusCode() == 200) {
                remaining.add(Long.parseLong(response.header("X-RateLimit-Remaining")));
            } else {
                refused.add(response);
            }
        }

        assertEquals(LongStream.range(0, DEVELOPER_PER_MINUTE).map(n -> DEVELOPER_PER_MINUTE - 1 - n).boxed().toList(),
                remaining, "exactly 100 admitted, the remaining budget counting down across both gateways");
        assertEquals(30, refused.size());
        for (Response response : refused) {
            response.then().statusCode(429)
                    .header("Retry-After", notNullValue())
                    .header("X-RateLimit-Limit", equalTo("100"))
                    .header("X-RateLimit-Remaining", equalTo("0"))
                    .body("error", equalTo("RATE_LIMIT_EXCEEDED"))
                    .body("retryAfter", greaterThan(0))
                    .body("limit", equalTo(DEVELOPER_PER_MINUTE))
                    .body("remaining", equalTo(0))
                    .body("resetAt", notNullValue())
                    .body("requestId", startsWith("req_"));
            assertTrue(Integer.parseInt(response.header("Retry-After")) <= 60);
        }
    }

    @Test
    void aKeyDeletedThroughOneGatewayIsRefusedByTheOtherWithinASecond() {
        String accountId = account("developer");
        Api.Key doomed = createKey(accountId, "live");
        Api.Key admin = createKey(accountId, "live");
        for (String gateway : gateways) {
            as(doomed.secret(), gateway).get("/v1/auth/test").then().statusCode(200);
        }

        as(admin.secret(), gateways.get(0)).delete("/v1/api-keys/" + doomed.id()).then().statusCode(204);
        Instant deleted = Instant.now();

        Await.until(() -> as(doomed.secret(), gateways.get(1)).get("/v1/auth/test").statusCode(),
                status -> status == 401, Duration.ofSeconds(1).minus(Duration.between(deleted, Instant.now())),
                "the second gateway to refuse the deleted key");
        as(doomed.secret(), gateways.get(0)).get("/v1/auth/test").then().statusCode(401)
                .body("error", equalTo("UNAUTHORIZED"));
        as(admin.secret(), gateways.get(1)).get("/v1/auth/test").then().statusCode(200);
    }

    /** The windows are aligned to the clock's minutes; start the burst early in one. */
    private static void awaitRoomInTheCurrentMinute() {
        long second = Instant.now().getEpochSecond() % 60;
        if (second > LATEST_START_SECOND) {
            Platform.pause(Duration.ofSeconds(61 - second));
        }
    }
}
