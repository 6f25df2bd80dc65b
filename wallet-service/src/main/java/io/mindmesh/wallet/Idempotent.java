package io.mindmesh.wallet;

/**
 * The answer of an idempotent operation: either it was applied now, or an earlier call with the
 * same key already applied it and {@code value} is that earlier result.
 */
public record Idempotent<T>(T value, boolean replayed) {

    public static <T> Idempotent<T> applied(T value) {
        return new Idempotent<>(value, false);
    }

    public static <T> Idempotent<T> replayed(T value) {
        return new Idempotent<>(value, true);
    }
}
