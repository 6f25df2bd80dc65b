package io.mindmesh.orchestrator.webhook.service;

import io.mindmesh.orchestrator.config.OrchestratorConfig;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Encrypts webhook secrets at rest with AES-GCM under {@code orchestrator.webhooks.secret-key}.
 * The execution id is the associated data, so a ciphertext copied to another execution's row does
 * not decrypt. Stored form: {@code v1:} + base64(12-byte IV || ciphertext || tag).
 */
@ApplicationScoped
public class WebhookSecrets {

    private static final Logger LOG = Logger.getLogger(WebhookSecrets.class);
    private static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();
    private final EntityManager em;

    public WebhookSecrets(OrchestratorConfig config, EntityManager em) {
        this.key = key(config.webhooks().secretKey());
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
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, executionId, iv).doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Webhook secret could not be encrypted", e);
        }
    }

    public String decrypt(String executionId, String stored) {
        if (stored == null) {
            return null;
        }
        if (!stored.startsWith(VERSION)) {
            throw new IllegalStateException("Webhook secret of " + executionId + " is not in a known format");
        }
        byte[] bytes = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        try {
            byte[] iv = Arrays.copyOf(bytes, IV_BYTES);
            return new String(cipher(Cipher.DECRYPT_MODE, executionId, iv).doFinal(bytes, IV_BYTES,
                    bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Never include the value: a wrong key must not leak what it failed to read.
            throw new IllegalStateException("Webhook secret of " + executionId + " could not be decrypted", e);
        }
    }

    private Cipher cipher(int mode, String executionId, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(executionId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    static SecretKey key(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("orchestrator.webhooks.secret-key must be base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException("orchestrator.webhooks.secret-key must decode to 16, 24 or 32 bytes, not "
                    + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
