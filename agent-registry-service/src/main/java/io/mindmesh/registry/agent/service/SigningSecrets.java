package io.mindmesh.registry.agent.service;

import io.mindmesh.common.crypto.SecretCipher;
import io.mindmesh.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each agent's signing secret: the key of the HMAC-SHA256 signature the orchestrator puts on every
 * call to the agent, so that the agent can refuse calls that do not come from the platform. A
 * secret is 32 random bytes ({@code mms_} + base64url), generated when the agent is registered and
 * shown once to the operator who registers it; a rotation replaces it and shows the new one once.
 * Agents that entered the catalog otherwise (the demo catalog, agents older than signing) get one
 * the first time the orchestrator asks; their operator rotates it to learn it. Stored encrypted
 * ({@link SecretCipher}, the agent id as associated data).
 */
@ApplicationScoped
@Transactional
public class SigningSecrets {

    private static final String PREFIX = "mms_";
    private static final int SECRET_BYTES = 32;

    private final EntityManager em;
    private final SecretCipher cipher;
    private final SecureRandom random = new SecureRandom();

    SigningSecrets(EntityManager em, @ConfigProperty(name = "registry.agents.secret-key") String key) {
        this.em = em;
        this.cipher = SecretCipher.fromBase64Key(key, "registry.agents.secret-key", "Signing secret");
    }

    /** A new secret for the agent, replacing any former one; 404 when the agent does not exist. */
    public String rotate(String agentId) {
        lockAgent(agentId);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        em.createNativeQuery("""
                insert into agent_signing_secrets (agent_id, secret) values (?1, ?2)
                on conflict (agent_id) do update set secret = excluded.secret, rotated_at = now()""")
                .setParameter(1, agentId)
                .setParameter(2, cipher.encrypt(agentId, secret))
                .executeUpdate();
        return secret;
    }

    /** The agent's current secret, created when it has none yet; 404 when the agent does not exist. */
    public String current(String agentId) {
        lockAgent(agentId);
        @SuppressWarnings("unchecked")
        List<String> stored = em.createNativeQuery("select secret from agent_signing_secrets where agent_id = ?1")
                .setParameter(1, agentId).getResultList();
        return stored.isEmpty() ? rotate(agentId) : cipher.decrypt(agentId, stored.getFirst());
    }

    /** Locks the agent's row, so that two first reads of one agent create one secret, not two that race. */
    private void lockAgent(String agentId) {
        if (em.createNativeQuery("select id from agents where id = ?1 for share").setParameter(1, agentId)
                .getResultList().isEmpty()) {
            throw ApiException.notFound("Agent " + agentId);
        }
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }
}
