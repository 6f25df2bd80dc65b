package io.mindmesh.system;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until the platform reaches a state, or fails with the last state it saw. */
final class Await {

    private static final Duration POLL = Duration.ofMillis(250);

    private Await() {
    }

    static <T> T until(Supplier<T> poll, Predicate<T> done, Duration patience, String what) {
        Instant deadline = Instant.now().plus(patience);
        T last = null;
        while (Instant.now().isBefore(deadline)) {
            last = poll.get();
            if (done.test(last)) {
                return last;
            }
            Platform.pause(POLL);
        }
        throw new AssertionError("Gave up after " + patience + " waiting for " + what + "; last seen: "
                + (last instanceof JsonPath json ? json.prettify() : last));
    }
}
