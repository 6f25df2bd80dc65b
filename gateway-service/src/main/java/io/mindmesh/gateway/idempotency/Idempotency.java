package io.mindmesh.gateway.idempotency;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.gateway.http.Answer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Runs a POST at most once per {@code X-Idempotency-Key}, account and environment, replaying its answer. */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "X-Idempotency-Key";
    private static final String CONTENT_TYPE = "Content-Type";
    private static final Pattern WELL_FORMED = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final IdempotencyStore store;

    Idempotency(IdempotencyStore store) {
        this.store = store;
    }

    /**
     * The stored answer to replay for this key, or empty when this request now holds the key and
     * must be forwarded ({@link #settle} afterwards); 400 for a malformed key, 409 while another
     * request with it is unfinished, 422 for the key reused with another request. A PostgreSQL
     * read and write: call it on a worker.
     */
    public Optional<Answer> claimOrReplay(IdempotencyStore.Scope scope, String key, String method, String path,
            byte[] requestBody) {
        if (!WELL_FORMED.matcher(key).matches()) {
            throw ApiException.invalid(HEADER, "X-Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        return store.claimOrReplay(scope, key, hash(method, path, requestBody)).map(Idempotency::replayed);
    }

    /**
     * Keeps the answer of a claimed key for its replays; a failure ({@code answer} null) or a 5xx
     * decided nothing, so the key is freed for a retry. A PostgreSQL write: call it on a worker.
     */
    public void settle(IdempotencyStore.Scope scope, String key, Answer answer) {
        if (answer != null && answer.status() < 500) {
            store.complete(scope, key, new StoredResponse(answer.status(), answer.headers().get(CONTENT_TYPE),
                    answer.body()));
        } else {
            store.release(scope, key);
        }
    }

    private static Answer replayed(StoredResponse stored) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (stored.contentType() != null) {
            headers.put(CONTENT_TYPE, stored.contentType());
        }
        headers.put("Idempotent-Replayed", "true");
        return new Answer(stored.status(), headers, stored.body());
    }

    static String hash(String method, String path, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(body == null ? new byte[0] : body);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
