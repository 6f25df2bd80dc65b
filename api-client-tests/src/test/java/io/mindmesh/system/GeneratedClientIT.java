package io.mindmesh.system;

import static io.mindmesh.system.Api.account;
import static io.mindmesh.system.Api.key;
import static io.mindmesh.system.Api.topUp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mindmesh.client.ApiClient;
import io.mindmesh.client.ApiException;
import io.mindmesh.client.ApiResponse;
import io.mindmesh.client.api.AgentsApi;
import io.mindmesh.client.api.ExecutionsApi;
import io.mindmesh.client.api.OrchestrationApi;
import io.mindmesh.client.api.WalletApi;
import io.mindmesh.client.model.Agent;
import io.mindmesh.client.model.AgentPage;
import io.mindmesh.client.model.Execution;
import io.mindmesh.client.model.OrchestrateRequest;
import io.mindmesh.client.model.OrchestrateResponse;
import io.mindmesh.client.model.SelectionCriteria;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The public OpenAPI document is enough to integrate: a Java client generated from it at build
 * time (openapi-generator, library native) runs the first orchestrate example (docs/public-api.md,
 * "Orchestrate examples"), meets a 402, walks a paginated list and replays an idempotent request,
 * against the platform as the system tests start it.
 */
class GeneratedClientIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApiClient client(String apiKey) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(Platform.shared().gatewayUrl());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
        return client;
    }

    /** Orchestrate example 1 (docs/public-api.md): a marketing campaign by three marketing agents in parallel. */
    private static OrchestrateRequest marketingCampaign() {
        return new OrchestrateRequest()
                .query("Create a comprehensive marketing campaign for our product launch")
                .context(Map.of("product", Map.of("name", "DevAI Assistant", "category", "developer tools")))
                .selectionCriteria(new SelectionCriteria().verticals(List.of("marketing")).maxAgents(3L))
                .mode(OrchestrateRequest.ModeEnum.PARALLEL);
    }

    @Test
    void seedExampleOneRunsToCompletionAndIsChargedExactly() throws Exception {
        String accountId = account("developer");
        topUp(accountId, "100.00");
        ApiClient client = client(key(accountId, "live"));

        OrchestrateResponse accepted = new OrchestrationApi(client).orchestrate(marketingCampaign(), null, null);
        assertEquals("PENDING", accepted.getStatus());
        assertEquals("PARALLEL", accepted.getMode());
        assertEquals(3, accepted.getSelectedAgents().size());
        accepted.getSelectedAgents().forEach(agent -> assertEquals("marketing", agent.getVertical()));
        assertEquals(0, accepted.getEstimatedTotal().compareTo(accepted.getEstimatedCost().add(accepted.getPlatformFee())));

        Execution done = awaitFinished(new ExecutionsApi(client), accepted.getExecutionId());
        assertEquals("COMPLETED", done.getStatus());
        assertEquals(3, done.getSteps().size());
        BigDecimal charged = done.getActualCost();
        assertTrue(charged.signum() > 0 && charged.compareTo(accepted.getEstimatedTotal()) <= 0, "charged " + charged);
        BigDecimal balance = new WalletApi(client).getWallet(null).getBalance();
        assertEquals(0, new BigDecimal("100.00").subtract(charged).compareTo(balance), "balance " + balance);
    }

    @Test
    void anEmptyWalletIsThe402OfTheSeedInTheEnvelope() throws Exception {
        ApiClient client = client(key(account("developer"), "live"));
        ApiException refused = assertThrows(ApiException.class,
                () -> new OrchestrationApi(client).orchestrate(marketingCampaign(), null, null));
        assertEquals(402, refused.getCode());
        JsonNode body = JSON.readTree(refused.getResponseBody());
        assertEquals("INSUFFICIENT_BALANCE", body.path("error").asText());
        assertFalse(body.path("requestId").asText().isEmpty());
    }

    @Test
    void aPaginationWalkSeesEveryAgentOnce() throws Exception {
        AgentsApi agents = new AgentsApi(client(key(account("developer"), "live")));
        Set<String> seen = new HashSet<>();
        long page = 1;
        AgentPage current;
        do {
            current = agents.listAgents(page, 3L, null, null, null, "name", null);
            assertEquals(page, current.getPagination().getPage());
            assertEquals(page > 1, current.getPagination().getHasPrev());
            for (Agent agent : current.getData()) {
                assertTrue(seen.add(agent.getId()), agent.getId() + " seen twice");
            }
            page++;
        } while (current.getPagination().getHasNext());
        assertEquals(seen.size(), current.getPagination().getTotal().longValue());
        assertEquals(page - 1, current.getPagination().getPages().longValue());
        assertTrue(seen.size() > 3, "the walk crossed pages: " + seen.size());
    }

    @Test
    void anIdempotentRetryReplaysTheFirstAnswer() throws Exception {
        String accountId = account("developer");
        topUp(accountId, "100.00");
        OrchestrationApi api = new OrchestrationApi(client(key(accountId, "live")));
        String idempotencyKey = "client-replay-" + accountId;

        ApiResponse<OrchestrateResponse> first = api.orchestrateWithHttpInfo(marketingCampaign(), idempotencyKey, null);
        ApiResponse<OrchestrateResponse> again = api.orchestrateWithHttpInfo(marketingCampaign(), idempotencyKey, null);

        assertEquals(202, first.getStatusCode());
        assertEquals(202, again.getStatusCode());
        assertEquals(first.getData().getExecutionId(), again.getData().getExecutionId());
        assertEquals(List.of("true"), again.getHeaders().get("idempotent-replayed"));
        long executions = new ExecutionsApi(client(key(accountId, "live")))
                .listExecutions(1L, 100L, null, null, null, null, null, null).getPagination().getTotal();
        assertEquals(1, executions);
    }

    private static Execution awaitFinished(ExecutionsApi executions, String id) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Execution execution = executions.getExecution(id, null);
            if (Set.of("COMPLETED", "FAILED", "CANCELLED").contains(execution.getStatus())
                    || System.nanoTime() > deadline) {
                return execution;
            }
            Thread.sleep(250);
        }
    }
}
