package io.mindmesh.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock a test sets: it follows the system clock until {@link #freezeAt} stops it, then moves only
 * when {@link #advance} moves it. {@link #SHARED} is the gateway's clock in every {@code @QuarkusTest}
 * ({@link TestClockProducer}); a test that freezes it releases it afterwards.
 */
public final class TestClock extends Clock {

    public static final TestClock SHARED = new TestClock(null);

    /** Null while it follows the system clock. */
    private volatile Instant frozen;

    private TestClock(Instant frozen) {
        this.frozen = frozen;
    }

    /**
     * 18 s into the current minute: a frozen clock there keeps every request of a test in one
     * rate-limit window, which ends 42 s later.
     */
    public static Instant eighteenSecondsIntoThisMinute() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(18);
    }

    /** A clock of its own, stopped at {@code at}. */
    public static TestClock stoppedAt(Instant at) {
        return new TestClock(at);
    }

    public void freezeAt(Instant at) {
        frozen = at;
    }

    public void advance(Duration by) {
        if (frozen == null) {
            throw new IllegalStateException("only a frozen clock is advanced");
        }
        frozen = frozen.plus(by);
    }

    /** Back to the system clock. */
    public void release() {
        frozen = null;
    }

    @Override
    public Instant instant() {
        Instant at = frozen;
        return at != null ? at : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the gateway reads instants only");
    }
}
