package io.mindmesh.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final SecretCipher CIPHER = SecretCipher.fromBase64Key(
            "bWluZG1lc2gtZGV2LW9ubHktd2ViaG9vay1rZXktMzI=", "test.key", "Test secret");

    @Test
    void aSecretIsStoredEncryptedAndReadBackByItsOwnerOnly() {
        String stored = CIPHER.encrypt("agent_a", "s3cret-value");

        assertTrue(stored.startsWith("v1:"));
        assertFalse(stored.contains("s3cret"));
        assertNotEquals(stored, CIPHER.encrypt("agent_a", "s3cret-value"), "a fresh IV each time");
        assertEquals("s3cret-value", CIPHER.decrypt("agent_a", stored));
        IllegalStateException moved = assertThrows(IllegalStateException.class, () -> CIPHER.decrypt("agent_b", stored));
        assertEquals("Test secret of agent_b could not be decrypted", moved.getMessage());
    }

    @Test
    void anUnusableKeyNamesItsProperty() {
        assertEquals("test.key must decode to 16, 24 or 32 bytes, not 3",
                assertThrows(IllegalStateException.class, () -> SecretCipher.fromBase64Key("YWJj", "test.key", "x"))
                        .getMessage());
        assertEquals("test.key must be base64",
                assertThrows(IllegalStateException.class, () -> SecretCipher.fromBase64Key("%%", "test.key", "x"))
                        .getMessage());
    }
}
