package io.mindmesh.orchestrator.stream.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How a streaming step's tokens become deltas, on a clock the test moves. */
class DeltaCoalescerTest {

    private static final long MS = 1_000_000;

    private final AtomicLong now = new AtomicLong(1_000 * MS);
    private final List<String> sent = new ArrayList<>();

    private DeltaCoalescer coalescer(int maxChars) {
        return new DeltaCoalescer(Duration.ofMillis(50), maxChars, now::get, sent::add);
    }

    @Test
    void theFirstTokenGoesAtOnceTheNextOnesWaitForTheIntervalAndFlushSendsTheRest() {
        DeltaCoalescer coalescer = coalescer(1024);
        coalescer.append("The ");
        assertEquals(List.of("The "), sent, "nothing was sent before: no reason to wait");

        now.addAndGet(10 * MS);
        coalescer.append("launch ");
        now.addAndGet(10 * MS);
        coalescer.append("email ");
        assertEquals(List.of("The "), sent, "20 ms after the last delta: held");

        now.addAndGet(30 * MS);
        coalescer.append("is ");
        assertEquals(List.of("The ", "launch email is "), sent, "50 ms after the last delta: sent with what waited");

        now.addAndGet(5 * MS);
        coalescer.append("ready");
        coalescer.flush();
        assertEquals(List.of("The ", "launch email is ", "ready"), sent);
        coalescer.flush();
        assertEquals(3, sent.size(), "nothing held, nothing sent");
    }

    @Test
    void noDeltaIsLongerThanTheLimitNorCutsACharacterAndTogetherTheyAreTheText() {
        Random random = new Random(20261203L);
        String[] pieces = {"a", "é", "語", "😀", "\n", "\"", "\u0001", "token "};
        for (int run = 0; run < 200; run++) {
            sent.clear();
            int maxChars = 2 + random.nextInt(20);
            DeltaCoalescer coalescer = coalescer(maxChars);
            StringBuilder text = new StringBuilder();
            int tokens = random.nextInt(60);
            for (int i = 0; i < tokens; i++) {
                StringBuilder token = new StringBuilder();
                for (int k = random.nextInt(40); k >= 0; k--) {
                    token.append(pieces[random.nextInt(pieces.length)]);
                }
                text.append(token);
                now.addAndGet(random.nextInt(80) * MS);
                coalescer.append(token.toString());
            }
            coalescer.flush();

            assertEquals(text.toString(), String.join("", sent), "run " + run);
            for (String delta : sent) {
                assertTrue(!delta.isEmpty() && delta.length() <= maxChars, "run " + run + ": " + delta.length());
                assertFalse(Character.isHighSurrogate(delta.charAt(delta.length() - 1)), "run " + run + " cut a pair");
                assertFalse(Character.isLowSurrogate(delta.charAt(0)), "run " + run + " cut a pair");
            }
        }
    }
}
