package io.mindmesh.common.request;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Who is calling, as the gateway established it and forwarded it to the owning service.
 *
 * @param accountId   the tenant, {@code acc_…}
 * @param tier        developer, business or enterprise
 * @param environment {@code live} for {@code mk_live_} keys, {@code test} for sandbox {@code mk_test_} keys
 */
public record Caller(String accountId, String tier, String environment) {

    public static final String ACCOUNT_HEADER = "X-Account-Id";
    public static final String TIER_HEADER = "X-Account-Tier";
    public static final String ENVIRONMENT_HEADER = "X-Environment";

    public static Caller from(HttpHeaders headers) {
        String account = headers.getHeaderString(ACCOUNT_HEADER);
        if (account == null || account.isBlank()) {
            throw new ApiException(401, ErrorCode.UNAUTHORIZED, "Missing caller identity");
        }
        String tier = headers.getHeaderString(TIER_HEADER);
        String environment = headers.getHeaderString(ENVIRONMENT_HEADER);
        return new Caller(account, tier == null ? "developer" : tier, "test".equals(environment) ? "test" : "live");
    }

    public boolean sandbox() {
        return "test".equals(environment);
    }
}
