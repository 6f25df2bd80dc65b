package io.mindmesh.orchestrator.llmprovider.service;

import io.mindmesh.common.crypto.SecretCipher;
import io.mindmesh.orchestrator.config.OrchestratorConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Encrypts the API keys of API-managed providers at rest with the webhook secrets' cipher and key
 * ({@code orchestrator.webhooks.secret-key}, AES-GCM), the provider's name as associated data, so a
 * ciphertext copied to another provider's row does not decrypt.
 */
@ApplicationScoped
public class ProviderKeys {

    private final SecretCipher cipher;

    public ProviderKeys(OrchestratorConfig config) {
        this.cipher = SecretCipher.fromBase64Key(config.webhooks().secretKey(), "orchestrator.webhooks.secret-key",
                "API key of LLM provider");
    }

    /** Null for no key. */
    public String encrypt(String name, String apiKey) {
        return apiKey == null ? null : cipher.encrypt(name, apiKey);
    }

    /** Null for no key. */
    public String decrypt(String name, String stored) {
        return stored == null ? null : cipher.decrypt(name, stored);
    }
}
