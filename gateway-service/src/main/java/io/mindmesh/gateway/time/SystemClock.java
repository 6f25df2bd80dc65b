package io.mindmesh.gateway.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The one clock of the gateway's time-based decisions: rate-limit windows and their reset times,
 * the key cache's ages, failed-authentication windows. Injected rather than read from the system
 * in each place, so that tests set the time (a window boundary, an expired copy) instead of
 * racing the wall clock.
 */
@Singleton
public class SystemClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
