package io.mindmesh.gateway.idempotency;

import io.mindmesh.common.error.ApiException;
import io.mindmesh.gateway.http.Answer;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
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

    public CompletionStage<Answer> execute(IdempotencyStore.Scope scope, String key, String method, String path,
            byte[] requestBody, Supplier<CompletionStage<Answer>> call) {
        if (!WELL_FORMED.matcher(key).matches()) {
            throw ApiException.invalid(HEADER, "X-Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        Optional<StoredResponse> replay = store.claimOrReplay(scope, key, hash(method, path, requestBody));
        if (replay.isPresent()) {
            return CompletableFuture.completedFuture(replayed(replay.get()));
        }
        CompletionStage<Answer> answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            store.release(scope, key);
            throw e;
        }
        // The answer may arrive on an event loop; keeping the record is a PostgreSQL write, so it runs on a worker.
        return answer.whenCompleteAsync((response, failure) -> {
            if (failure == null && response.status() < 500) {
                store.complete(scope, key, new StoredResponse(response.status(),
                        response.headers().get(CONTENT_TYPE), response.body()));
            } else {
                // A failure or a 5xx decided nothing: the key stays usable.
                store.release(scope, key);
            }
        }, Infrastructure.getDefaultWorkerPool());
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
