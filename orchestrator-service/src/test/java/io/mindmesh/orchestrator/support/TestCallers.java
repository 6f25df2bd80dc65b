package io.mindmesh.orchestrator.support;

import static io.restassured.RestAssured.given;

import io.mindmesh.common.request.Caller;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Callers as the gateway forwards them; every test uses fresh accounts so tests never share data. */
public final class TestCallers {

    private TestCallers() {
    }

    public static Caller sandbox() {
        return new Caller(freshAccount(), "developer", "test");
    }

    public static Caller live() {
        return new Caller(freshAccount(), "developer", "live");
    }

    public static Caller sandbox(String tier) {
        return new Caller(freshAccount(), tier, "test");
    }

    public static String freshAccount() {
        return "acc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static RequestSpecification as(Caller caller) {
        return given()
                .header(Caller.ACCOUNT_HEADER, caller.accountId())
                .header(Caller.TIER_HEADER, caller.tier())
                .header(Caller.ENVIRONMENT_HEADER, caller.environment());
    }
}
