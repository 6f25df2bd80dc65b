package io.mindmesh.orchestrator.llmprovider;

import io.mindmesh.orchestrator.webhook.AddressPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * A provider as the {@code llm} runtime calls it, whichever its source.
 *
 * @param addresses the outbound address policy of its calls: {@code orchestrator.llm.allowed-hosts},
 *                  plus its own {@code allowedHost} for an API-managed provider
 * @param version   0 for a configured provider; for an API-managed one, changes with every write, so a
 *                  client built for older settings is replaced
 */
public record LlmProvider(String name, String baseUrl, Optional<String> apiKey, Duration timeout, int maxRetries,
        AddressPolicy addresses, ProviderSource source, long version) {
}
