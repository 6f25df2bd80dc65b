package io.mindmesh.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points a {@code @QuarkusTest}'s Redis client at the JVM's shared real Redis. */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("quarkus.redis.hosts", RedisServer.shared().url());
    }

    @Override
    public void stop() {
        // Shared for the JVM's lifetime; stopped by its shutdown hook.
    }
}
