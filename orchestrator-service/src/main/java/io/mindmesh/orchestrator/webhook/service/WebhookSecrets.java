package io.mindmesh.orchestrator.webhook.service;

import io.mindmesh.common.crypto.SecretCipher;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Encrypts webhook secrets at rest under {@code orchestrator.webhooks.secret-key} ({@link SecretCipher}:
 * AES-GCM, the execution id as associated data, so a ciphertext copied to another execution's row
 * does not decrypt).
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);

    private final SecretCipher cipher;
    private final EntityManager em;

    public WebhookSecrets(OrchestratorConfig config, EntityManager em) {
        this.cipher = SecretCipher.fromBase64Key(config.webhooks().secretKey(), "orchestrator.webhooks.secret-key",
                "Webhook secret");
        this.em = em;
    }

    /** Fails the startup when the key is unusable, and encrypts secrets stored in clear before V3. */
    void start(@Observes StartupEvent event) {
        QuarkusTransaction.requiringNew().run(this::encryptClearSecrets);
    }

    private void encryptClearSecrets() {
        @SuppressWarnings("unchecked")
        List<Object[]> clear = em.createNativeQuery("""
                select id, webhook_secret from executions
                where webhook_secret is not null and webhook_secret not like 'v1:%'""").getResultList();
        for (Object[] row : clear) {
            String executionId = (String) row[0];
            em.createNativeQuery("update executions set webhook_secret = ?1 where id = ?2")
                    .setParameter(1, encrypt(executionId, (String) row[1]))
                    .setParameter(2, executionId)
                    .executeUpdate();
        }
        if (!clear.isEmpty()) {
            LOG.infof("Encrypted %d webhook secrets stored in clear", clear.size());
        }
    }

    /** Null for no secret (an empty one included: HMAC needs a key). */
    public String encrypt(String executionId, String secret) {
        return secret == null || secret.isEmpty() ? null : cipher.encrypt(executionId, secret);
    }

    public String decrypt(String executionId, String stored) {
        return stored == null ? null : cipher.decrypt(executionId, stored);
    }
}
