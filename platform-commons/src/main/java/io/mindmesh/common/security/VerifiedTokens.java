package io.mindmesh.common.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens this replica has already verified, kept until they expire, so that the next request
 * with the same token skips quarkus-oidc's verification (parsing the JWT, checking its RSA signature
 * and claims). Services call each other with client-credentials tokens that live minutes and serve
 * every call in between; verifying one on every request was about an eighth of the orchestrator's
 * CPU while a client polled an execution, and half of the wallet's on an internal read.
 *
 * <p>It accepts nothing the verification would refuse: a token is remembered only once quarkus-oidc
 * has accepted it ({@link Remember}, the first augmentor to see its identity), under its whole text
 * (a token differing in any character is a stranger and verified anew), and is served only before
 * its {@code exp}. The identity served is the one the verification built (its roles and claims), so
 * the path's role checks still decide. The services verify tokens locally and never ask Keycloak
 * about revocation, so a cached token stays valid exactly as long as it would have verified. Only
 * verified tokens enter, at most {@link Config#maxTokens()} of them: a caller cannot fill the
 * memory with made-up tokens.
 */
@Singleton
public class VerifiedTokens {

    @ConfigMapping(prefix = "mindmesh.security.verified-tokens")
    public interface Config {
        /** How many verified tokens a replica keeps until they expire; 0 verifies every request. */
        @WithDefault("1000")
        int maxTokens();
    }

    /** Set on an identity served from memory: the augmentors see it again, but it was not verified again. */
    static final String CACHED = "mindmesh.bearer-token.cached";

    private record Entry(SecurityIdentity identity, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxTokens;
    private final InstantSource clock;
    private final Counter verified;
    private final Counter remembered;

    @Inject
    VerifiedTokens(Config config, MeterRegistry metrics) {
        this(config.maxTokens(), InstantSource.system(), metrics);
    }

    VerifiedTokens(int maxTokens, InstantSource clock, MeterRegistry metrics) {
        this.maxTokens = maxTokens;
        this.clock = clock;
        this.verified = accepted(metrics, "verified");
        this.remembered = accepted(metrics, "cached");
    }

    private static Counter accepted(MeterRegistry metrics, String check) {
        // One description for both series: Prometheus has one HELP line per metric name.
        return Counter.builder("mindmesh.bearer.tokens.accepted").tag("check", check)
                .description("Bearer tokens accepted, by check: verified (by quarkus-oidc: signature and claims) or"
                        + " cached (verified earlier, served from memory until it expires)")
                .register(metrics);
    }

    /** The identity a verified, unexpired {@code token} was given, with this request's routing context. */
    Optional<SecurityIdentity> find(String token, RoutingContext request) {
        Entry entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        remembered.increment();
        // Whoever reads the identity's request must find this one, not the one that verified the token.
        return Optional.of(QuarkusSecurityIdentity.builder(entry.identity())
                .addAttribute(RoutingContext.class.getName(), request).addAttribute(CACHED, true).build());
    }

    /** Keeps the identity quarkus-oidc gave {@code token} until the token's {@code exp}. */
    void remember(String token, SecurityIdentity identity, Instant expiresAt) {
        verified.increment();
        Instant now = clock.instant();
        if (maxTokens <= 0 || !now.isBefore(expiresAt)) {
            return;
        }
        // A new token is rare (a caller fetches one every few minutes): the expired ones go now.
        entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
        if (entries.size() >= maxTokens) {
            return;
        }
        // Without the request that verified it: the entry must not keep that request alive.
        entries.put(token, new Entry(QuarkusSecurityIdentity.builder(identity)
                .addAttribute(RoutingContext.class.getName(), null).build(), expiresAt));
    }

    int size() {
        return entries.size();
    }

    /** Answers a bearer token from memory before quarkus-oidc's provider would verify it again. */
    @Singleton
    static class Lookup implements IdentityProvider<TokenAuthenticationRequest> {

        private final VerifiedTokens tokens;

        Lookup(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Class<TokenAuthenticationRequest> getRequestType() {
            return TokenAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
                AuthenticationRequestContext context) {
            // An empty answer hands the request to the next provider: quarkus-oidc's.
            return Uni.createFrom().item(tokens.find(request.getToken().getToken(),
                    HttpSecurityUtils.getRoutingContextAttribute(request)).orElse(null));
        }

        /** Before quarkus-oidc's provider, which has the default priority. */
        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }
    }

    /**
     * Sees every identity first, before any other augmentor, and remembers those quarkus-oidc built
     * from a bearer JWT; a cached identity goes through the other augmentors again as a verified one would.
     */
    @Singleton
    static class Remember implements SecurityIdentityAugmentor {

        private final VerifiedTokens tokens;

        Remember(VerifiedTokens tokens) {
            this.tokens = tokens;
        }

        @Override
        public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
            TokenCredential credential = identity.getCredential(TokenCredential.class);
            if (credential != null && "bearer".equals(credential.getType()) && identity.getAttribute(CACHED) == null
                    && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
                tokens.remember(credential.getToken(), identity, Instant.ofEpochSecond(jwt.getExpirationTime()));
            }
            return Uni.createFrom().item(identity);
        }

        @Override
        public int priority() {
            return Integer.MAX_VALUE;
        }
    }
}
