package io.mindmesh.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();
    private final CircuitBreaker breaker = new CircuitBreaker(4, 0.5, Duration.ofSeconds(5), now::get);

    @Test
    void opensOnceHalfOfAFullWindowFailedAndThenCallsNothing() {
        assertEquals("ok", succeed());
        assertFailsWith(IOException.class);
        assertEquals("ok", succeed());
        assertFalse(breaker.isOpen(), "three outcomes are not a full window of four");
        assertFailsWith(IOException.class);
        assertTrue(breaker.isOpen(), "two failures in the last four calls");

        int before = calls.get();
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertFailsWith(CircuitBreaker.Open.class);
        assertEquals(before, calls.get(), "an open breaker does not call");
    }

    @Test
    void theWindowRollsSoOldFailuresAreForgotten() {
        assertFailsWith(IOException.class);
        for (int i = 0; i < 6; i++) {
            assertEquals("ok", succeed());
        }
        assertFailsWith(IOException.class);
        assertFalse(breaker.isOpen(), "one failure in the last four calls");
    }

    @Test
    void afterTheDelayOneTrialDecides() {
        open();
        now.addAndGet(Duration.ofSeconds(5).toNanos());

        assertFailsWith(IOException.class);
        assertTrue(breaker.isOpen(), "a failed trial opens it again");
        assertFailsWith(CircuitBreaker.Open.class);

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertEquals("ok", succeed());
        assertFalse(breaker.isOpen(), "a successful trial closes it");
        assertFailsWith(IOException.class);
        assertFalse(breaker.isOpen(), "with a clean window: one failure opens nothing");
    }

    @Test
    void whileTheTrialIsUnderWayOtherCallsFailAtOnce() {
        open();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        UniAssertSubscriber<String> trial = breaker.call(() -> Uni.createFrom().<String>nothing())
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertFailsWith(CircuitBreaker.Open.class);

        trial.cancel();
        assertEquals("ok", succeed(), "a cancelled trial lets the next call be the trial");
        assertFalse(breaker.isOpen());
    }

    @Test
    void aFutureCallKeepsTheSameRules() {
        assertEquals("ok", breaker.guard(() -> Future.succeededFuture("ok")).result());
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(IOException.class, breaker.<String>guard(() -> {
                calls.incrementAndGet();
                return Future.failedFuture(new IOException("no answer"));
            }).cause());
        }
        assertTrue(breaker.isOpen(), "three failures in the last four calls");
        int before = calls.get();
        assertInstanceOf(CircuitBreaker.Open.class, breaker.<String>guard(() -> {
            calls.incrementAndGet();
            return Future.succeededFuture("called");
        }).cause());
        assertEquals(before, calls.get(), "an open breaker does not call");

        now.addAndGet(Duration.ofSeconds(5).toNanos());
        Promise<String> trial = Promise.promise();
        Future<String> trialCall = breaker.guard(trial::future);
        assertInstanceOf(CircuitBreaker.Open.class, breaker.<String>guard(() -> Future.succeededFuture("x")).cause(),
                "one trial at a time");
        trial.complete("ok");
        assertEquals("ok", trialCall.result());
        assertFalse(breaker.isOpen(), "a successful trial closes it");
        assertInstanceOf(IllegalStateException.class, breaker.<String>guard(() -> {
            throw new IllegalStateException("thrown, not returned");
        }).cause(), "a call that throws is a failed call");
    }

    private void open() {
        for (int i = 0; i < 4; i++) {
            assertFailsWith(IOException.class);
        }
        assertTrue(breaker.isOpen());
    }

    private String succeed() {
        return breaker.call(() -> {
            calls.incrementAndGet();
            return Uni.createFrom().item("ok");
        }).await().indefinitely();
    }

    private void assertFailsWith(Class<? extends Throwable> type) {
        Throwable failure = breaker.<String>call(() -> {
            calls.incrementAndGet();
            return Uni.createFrom().failure(new IOException("no answer"));
        }).subscribe().withSubscriber(UniAssertSubscriber.create()).getFailure();
        assertInstanceOf(type, failure);
    }
}
