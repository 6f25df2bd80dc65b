package io.mindmesh.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.vertx.ext.web.RoutingContext;
import java.security.Principal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final InstantSource clock = now::get;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void aVerifiedTokenIsServedWithItsRolesUntilItsExpiryAndNotAtIt() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock, metrics);
        tokens.remember("token-a", identity("orchestrator-service"), NOW.plusSeconds(300));

        now.set(NOW.plusSeconds(299));
        SecurityIdentity served = tokens.find("token-a", null).orElseThrow();
        assertEquals("orchestrator-service", served.getPrincipal().getName());
        assertEquals(Set.of("service"), served.getRoles());
        assertEquals(true, served.getAttribute(VerifiedTokens.CACHED));

        now.set(NOW.plusSeconds(300));
        assertTrue(tokens.find("token-a", null).isEmpty(),
                "at exp the token goes back to quarkus-oidc, which refuses it");
        assertEquals(0, tokens.size(), "an expired token is dropped when it is looked up");
        assertEquals(1.0, counter("verified"));
        assertEquals(1.0, counter("cached"));
    }

    @Test
    void onlyTheWholeTokenTextFindsTheIdentity() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock, metrics);
        tokens.remember("header.claims.signature", identity("gateway-service"), NOW.plusSeconds(60));

        assertTrue(tokens.find("header.claims.signaturX", null).isEmpty());
        assertTrue(tokens.find("header.claims.signature.", null).isEmpty());
        assertTrue(tokens.find("header.claims", null).isEmpty());
        assertTrue(tokens.find("header.claims.signature", null).isPresent());
    }

    @Test
    void theEntryKeepsNotTheRequestThatVerifiedTheToken() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock, metrics);
        SecurityIdentity verified = QuarkusSecurityIdentity.builder(identity("gateway-service"))
                .addAttribute(RoutingContext.class.getName(), "the first request").build();
        tokens.remember("token-a", verified, NOW.plusSeconds(60));

        assertNull(tokens.find("token-a", null).orElseThrow().getAttribute(RoutingContext.class.getName()));
    }

    @Test
    void expiredTokensMakeRoomAndALiveOneIsNeverEvicted() {
        VerifiedTokens tokens = new VerifiedTokens(2, clock, metrics);
        tokens.remember("short", identity("a"), NOW.plusSeconds(10));
        tokens.remember("long", identity("b"), NOW.plusSeconds(300));

        tokens.remember("third", identity("c"), NOW.plusSeconds(300));
        assertTrue(tokens.find("third", null).isEmpty(), "full of live tokens: the third is verified on every request");

        now.set(NOW.plusSeconds(10));
        tokens.remember("third", identity("c"), NOW.plusSeconds(300));
        assertTrue(tokens.find("third", null).isPresent());
        assertTrue(tokens.find("long", null).isPresent());
        assertEquals(2, tokens.size());
        assertEquals(4.0, counter("verified"));
    }

    @Test
    void noCacheVerifiesEveryRequest() {
        VerifiedTokens tokens = new VerifiedTokens(0, clock, metrics);
        tokens.remember("token-a", identity("gateway-service"), NOW.plusSeconds(300));

        assertTrue(tokens.find("token-a", null).isEmpty());
        assertEquals(0, tokens.size());
    }

    @Test
    void aTokenAlreadyExpiredWhenVerifiedIsNotKept() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock, metrics);
        tokens.remember("token-a", identity("gateway-service"), NOW);

        assertEquals(0, tokens.size());
    }

    private double counter(String check) {
        return metrics.get("mindmesh.bearer.tokens.accepted").tag("check", check).counter().count();
    }

    private static SecurityIdentity identity(String client) {
        Principal principal = () -> client;
        return QuarkusSecurityIdentity.builder().setPrincipal(principal).addRole("service").build();
    }
}
