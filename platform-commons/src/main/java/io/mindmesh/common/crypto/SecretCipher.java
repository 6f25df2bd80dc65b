package io.mindmesh.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets at rest (webhook subscription secrets, agent signing secrets) with AES-GCM.
 * The owner's id is the associated data, so a ciphertext copied to another row does not decrypt.
 * Stored form: {@code v1:} + base64(12-byte IV || ciphertext || tag). Messages never include a
 * value: a wrong key must not leak what it failed to read.
 */
public final class SecretCipher {

    public static final String VERSION = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final String what;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(SecretKey key, String what) {
        this.key = key;
        this.what = what;
    }

    /**
     * A cipher under the base64 AES key of configuration property {@code property} (named in the
     * message when the key is unusable, so that the service refuses to start with a clear cause);
     * {@code what} names the secrets in messages ("Webhook secret").
     */
    public static SecretCipher fromBase64Key(String base64, String property, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " must be base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException(property + " must decode to 16, 24 or 32 bytes, not " + bytes.length);
        }
        return new SecretCipher(new SecretKeySpec(bytes, "AES"), what);
    }

    public String encrypt(String ownerId, String secret) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, ownerId, iv).doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return VERSION + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(what + " of " + ownerId + " could not be encrypted", e);
        }
    }

    public String decrypt(String ownerId, String stored) {
        if (!stored.startsWith(VERSION)) {
            throw new IllegalStateException(what + " of " + ownerId + " is not in a known format");
        }
        byte[] bytes = Base64.getDecoder().decode(stored.substring(VERSION.length()));
        try {
            byte[] iv = Arrays.copyOf(bytes, IV_BYTES);
            return new String(cipher(Cipher.DECRYPT_MODE, ownerId, iv).doFinal(bytes, IV_BYTES,
                    bytes.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(what + " of " + ownerId + " could not be decrypted", e);
        }
    }

    private Cipher cipher(int mode, String ownerId, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(ownerId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
