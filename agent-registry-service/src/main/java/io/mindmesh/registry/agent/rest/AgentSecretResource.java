package io.mindmesh.registry.agent.rest;

import io.mindmesh.registry.agent.service.SigningSecrets;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The orchestrator's read of an agent's signing secret, which it signs its calls to the agent
 * with. Outside {@code /internal/v1/agents} on purpose: the gateway forwards operators only to
 * that prefix, so an operator sees a secret only when it is made (registration, rotation).
 */
@Path("/internal/v1/agent-secrets")
@Produces(MediaType.APPLICATION_JSON)
public class AgentSecretResource {

    private final SigningSecrets secrets;

    AgentSecretResource(SigningSecrets secrets) {
        this.secrets = secrets;
    }

    @GET
    @Path("{id}")
    public SigningSecret current(@PathParam("id") String id) {
        return new SigningSecret(id, secrets.current(id));
    }

    /** An agent's signing secret, as registration, rotation and the orchestrator's read show it. */
    public record SigningSecret(String agentId, String signingSecret) {
    }
}
