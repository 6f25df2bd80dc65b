package io.mindmesh.orchestrator.support;

import io.mindmesh.testing.FakeOpenAi;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * Starts a {@link FakeOpenAi} (key {@code sk-test}) before the application, configures it as the
 * llm provider {@code fake} (loopback allowed, one client retry, a quick breaker) and hands it to
 * the test's field annotated {@link Fake}. The init argument {@code allowed-hosts} replaces
 * {@code orchestrator.llm.allowed-hosts} (empty: only public addresses).
 */
public class FakeOpenAiResource implements QuarkusTestResourceLifecycleManager {

    public static final String API_KEY = "sk-test";

    /** Marks the test's {@code FakeOpenAi} field. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Fake {
    }

    private FakeOpenAi fake;
    private String allowedHosts = "127.0.0.0/8";

    @Override
    public void init(Map<String, String> initArgs) {
        allowedHosts = initArgs.getOrDefault("allowed-hosts", allowedHosts);
    }

    @Override
    public Map<String, String> start() {
        fake = FakeOpenAi.start(API_KEY);
        return Map.of(
                "orchestrator.llm.providers.fake.base-url", fake.baseUrl(),
                "orchestrator.llm.providers.fake.api-key", API_KEY,
                "orchestrator.llm.providers.fake.timeout", "5s",
                "orchestrator.llm.providers.fake.max-retries", "1",
                "orchestrator.llm.allowed-hosts", allowedHosts,
                "orchestrator.llm.circuit-breaker.request-volume", "4",
                "orchestrator.llm.circuit-breaker.delay", "4s");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake, new TestInjector.AnnotatedAndMatchesType(Fake.class, FakeOpenAi.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
