package io.mindmesh.orchestrator.llmprovider.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.llmprovider.ProviderView;
import io.mindmesh.orchestrator.llmprovider.service.ProviderAdmin;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators' LLM providers. Service-to-service only: the gateway exposes it to Keycloak operators as
 * {@code /v1/admin/llm-providers/...} and names the operator in {@code X-Operator}, which every change
 * requires (it is logged with the change).
 */
@Path("/internal/v1/llm-providers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "LLM providers (internal)")
public class LlmProviderResource {

    static final String OPERATOR_HEADER = "X-Operator";
    private static final String MERGE_PATCH = "application/merge-patch+json";
    private static final int MAX_OPERATOR = 200;

    /** The list's answer. */
    public record ProviderList(List<ProviderView> data) {
    }

    private final ProviderAdmin admin;
    private final ObjectMapper mapper;

    public LlmProviderResource(ProviderAdmin admin, ObjectMapper mapper) {
        this.admin = admin;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "Every provider, configured ones (source config) first; API keys never shown")
    public ProviderList list() {
        return new ProviderList(admin.list());
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One provider")
    public ProviderView get(@PathParam("name") String name) {
        return admin.get(name);
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create (201) or replace (200) a provider: {baseUrl, apiKey?, timeoutMs?, maxRetries?,"
            + " allowedHost?}")
    public Response put(@PathParam("name") String name, String body, @HeaderParam(OPERATOR_HEADER) String operator) {
        String who = operator(operator);
        ProviderAdmin.Saved saved = admin.put(name, object(body), who);
        return Response.status(saved.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(saved.provider()).build();
    }

    @PATCH
    @Path("{name}")
    @Consumes({MediaType.APPLICATION_JSON, MERGE_PATCH})
    @Operation(summary = "Change some settings (JSON merge patch); a new apiKey replaces the old, null removes it")
    public ProviderView patch(@PathParam("name") String name, String body,
            @HeaderParam(OPERATOR_HEADER) String operator) {
        String who = operator(operator);
        return admin.patch(name, object(body), who);
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Delete a provider (204); the steps of agents naming it then fail")
    public Response delete(@PathParam("name") String name, @HeaderParam(OPERATOR_HEADER) String operator) {
        admin.delete(name, operator(operator));
        return Response.noContent().build();
    }

    private static String operator(String operator) {
        if (operator == null || operator.isBlank()) {
            throw ApiException.invalid(OPERATOR_HEADER, OPERATOR_HEADER + " (who makes the change) is required.");
        }
        if (operator.length() > MAX_OPERATOR) {
            throw ApiException.invalid(OPERATOR_HEADER,
                    OPERATOR_HEADER + " must be at most " + MAX_OPERATOR + " characters long.");
        }
        return operator;
    }

    private ObjectNode object(String body) {
        JsonNode tree;
        try {
            tree = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            tree = null;
        }
        if (tree instanceof ObjectNode object) {
            return object;
        }
        throw ApiException.invalid("body", "The request body must be a JSON object");
    }
}
