package io.mindmesh.orchestrator.runtime;

/** Where the http runtime gets the secret it signs an agent's calls with. */
@FunctionalInterface
public interface SigningSecretSource {

    /** The agent's current secret; a runtime exception when it cannot be had now. */
    String secretOf(String agentId);
}
