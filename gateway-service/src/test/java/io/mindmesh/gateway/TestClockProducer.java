package io.mindmesh.gateway;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Gives the gateway under test {@link TestClock#SHARED} instead of the system clock. */
@Singleton
public class TestClockProducer {

    @Produces
    @Singleton
    @Alternative
    @Priority(1)
    Clock clock() {
        return TestClock.SHARED;
    }
}
