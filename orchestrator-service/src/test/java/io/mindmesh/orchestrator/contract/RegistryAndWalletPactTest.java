package io.mindmesh.orchestrator.contract;

import static au.com.dius.pact.consumer.ConsumerPactRunnerKt.runConsumerTest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.dius.pact.consumer.ConsumerPactBuilder;
import au.com.dius.pact.consumer.PactVerificationResult;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslJsonRootValue;
import au.com.dius.pact.consumer.model.MockProviderConfig;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.RequestResponsePact;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.orchestrator.registry.SelectedAgent;
import io.mindmesh.orchestrator.registry.Selection;
import io.mindmesh.orchestrator.registry.SelectionRequest;
import io.mindmesh.orchestrator.registry.client.RegistryClient;
import io.mindmesh.orchestrator.wallet.Hold;
import io.mindmesh.orchestrator.wallet.client.WalletClient;
import io.mindmesh.testing.Checkout;
import io.mindmesh.testing.KafkaResource;
import io.mindmesh.testing.KeycloakResource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the orchestrator needs of the agent registry (a selection) and of the wallet (holds,
 * captures, releases, the short-balance answer), as consumer-driven contracts
 * (contracts/README.md). The orchestrator's real clients call Pact's mock server; the contracts
 * are written to {@code contracts/pacts/}, and the registry's and the wallet's builds verify them.
 */
@QuarkusTest
@TestProfile(RegistryAndWalletPactTest.AgainstPactMockServer.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "orchestrator"))
@QuarkusTestResource(KafkaResource.class)
class RegistryAndWalletPactTest {

    /** The clients carry real service tokens (Keycloak) to the mock server, as to the services. */
    public static class AgainstPactMockServer implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakResource.class), new TestResourceEntry(PactMockServerPort.class));
        }
    }

    /** What the clients send; Pact would otherwise expect {@code application/json; charset=UTF-8}. */
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    static final String MARKETING_QUERY = "Create a comprehensive marketing campaign for our product launch";

    @Inject
    RegistryClient registry;

    @Inject
    WalletClient wallet;

    @ConfigProperty(name = "quarkus.rest-client.registry.url")
    URI mockServer;

    @Test
    void theRegistrySelectsAgentsWithWhatTheOrchestratorPlansAndPricesWith() throws IOException {
        RequestResponsePact pact = ConsumerPactBuilder.consumer("orchestrator-service")
                .hasPactWith("agent-registry-service")
                .given("the demo catalog")
                .uponReceiving("a selection for the marketing campaign example")
                .path("/internal/v1/selections").method("POST")
                .headers(JSON)
                .body(new PactDslJsonBody()
                        .stringValue("query", MARKETING_QUERY)
                        .array("verticals").stringValue("marketing").closeArray().asBody()
                        .integerType("maxAgents", 3)
                        .decimalType("minConfidence", 0.7))
                .willRespondWith().status(200)
                .body(new PactDslJsonBody()
                        .minArrayLike("selected", 1)
                        .stringType("id", "agent_email_campaign")
                        .stringType("name", "email-campaign-agent")
                        .stringType("displayName", "Email Campaign Agent")
                        .stringValue("vertical", "marketing")
                        .eachLike("capabilities", PactDslJsonRootValue.stringType("email_copywriting"), 1)
                        .object("pricing")
                        .numberType("basePrice", 0.3)
                        .numberType("variablePrice", 0.0001)
                        .stringType("unit", "tokens")
                        .integerType("typicalUnits", 2000)
                        .closeObject().asBody()
                        .numberType("estimatedCost", 0.5)
                        .object("runtime").stringType("type", "simulated").closeObject().asBody()
                        .integerType("typicalLatencyMs", 1200)
                        .integerType("version", 1)
                        .numberType("confidence", 0.92)
                        .closeObject().closeArray()
                        .asBody()
                        .eachLike("rejected")
                        .stringType("id", "agent_newsletter_legacy")
                        .stringType("name", "newsletter-legacy-agent")
                        .numberType("confidence", 0.4)
                        .stringType("reason", "Agent is deprecated")
                        .closeObject().closeArray())
                .toPact();

        verify(pact, () -> {
            Selection selection = registry.select(new SelectionRequest(MARKETING_QUERY, List.of("marketing"), List.of(), 3,
                    new BigDecimal("0.7")));
            SelectedAgent agent = selection.selected().getFirst();
            assertEquals("agent_email_campaign", agent.id());
            assertEquals(0, new BigDecimal("0.5").compareTo(agent.estimatedCost()));
            assertEquals(0, new BigDecimal("0.3").compareTo(agent.pricing().basePrice()));
            assertEquals("simulated", agent.runtime().type());
            assertEquals(1200L, agent.latencyMs());
            assertEquals("Agent is deprecated", selection.rejected().getFirst().reason());
        });
    }

    @Test
    void theWalletHoldsCapturesReleasesAndRefusesAShortBalanceWithItsFigures() throws IOException {
        RequestResponsePact pact = ConsumerPactBuilder.consumer("orchestrator-service")
                .hasPactWith("wallet-service")
                .given("account acc_contract_funded has 10.00")
                .uponReceiving("a hold of an execution's estimated total")
                .path("/internal/v1/holds").method("POST")
                .headers(JSON)
                .body(hold("exec_contract_hold", "acc_contract_funded", 0.75))
                .willRespondWith().status(201)
                .body(holdView("exec_contract_hold", "HELD", 0.75, 0, 0))
                .given("hold exec_contract_capture of 1.00 is held for account acc_contract_funded")
                .uponReceiving("a capture of the execution's actual cost")
                .path("/internal/v1/holds/exec_contract_capture/capture").method("POST")
                .headers(JSON)
                .body(new PactDslJsonBody().decimalType("amount", 0.6))
                .willRespondWith().status(200)
                .body(holdView("exec_contract_capture", "CAPTURED", 1.0, 0.6, 0.4))
                .given("hold exec_contract_release of 1.00 is held for account acc_contract_funded")
                .uponReceiving("a release of a hold whose execution charged nothing")
                .path("/internal/v1/holds/exec_contract_release/release").method("POST")
                .willRespondWith().status(200)
                .body(holdView("exec_contract_release", "RELEASED", 1.0, 0, 1.0))
                .given("account acc_contract_short has 0.50")
                .uponReceiving("a hold larger than the balance")
                .path("/internal/v1/holds").method("POST")
                .headers(JSON)
                .body(hold("exec_contract_short", "acc_contract_short", 0.75))
                .willRespondWith().status(402)
                .body(new PactDslJsonBody()
                        .stringValue("error", "INSUFFICIENT_BALANCE")
                        .stringType("message", "Insufficient wallet balance. Required: $0.75, Available: $0.50")
                        .numberType("requiredBalance", 0.75)
                        .numberType("currentBalance", 0.5)
                        .stringType("topUpUrl", "https://app.mindra.co/wallet/topup"))
                .toPact();

        verify(pact, () -> {
            Hold held = wallet.placeHold("exec_contract_hold", "acc_contract_funded", new BigDecimal("0.75"));
            assertEquals("HELD", held.status());
            assertEquals(0, new BigDecimal("0.75").compareTo(held.amount()));

            Hold captured = wallet.capture("exec_contract_capture", new BigDecimal("0.60"));
            assertEquals("CAPTURED", captured.status());
            assertEquals(0, new BigDecimal("0.6").compareTo(captured.captured()));
            assertEquals(0, new BigDecimal("0.4").compareTo(captured.released()));

            Hold released = wallet.release("exec_contract_release");
            assertEquals("RELEASED", released.status());

            ApiException refused = assertThrows(ApiException.class,
                    () -> wallet.placeHold("exec_contract_short", "acc_contract_short", new BigDecimal("0.75")));
            assertEquals(402, refused.status());
            assertEquals(0, new BigDecimal("0.75").compareTo((BigDecimal) refused.extra().get("requiredBalance")));
            assertEquals(0, new BigDecimal("0.5").compareTo((BigDecimal) refused.extra().get("currentBalance")));
        });
    }

    private static PactDslJsonBody hold(String holdId, String accountId, double amount) {
        return new PactDslJsonBody().stringValue("holdId", holdId).stringValue("accountId", accountId)
                .decimalType("amount", amount);
    }

    private static PactDslJsonBody holdView(String holdId, String status, double amount, double captured,
            double released) {
        return new PactDslJsonBody()
                .stringValue("holdId", holdId)
                .stringType("accountId", "acc_contract_funded")
                .numberType("amount", amount)
                .numberType("captured", captured)
                .numberType("released", released)
                .stringValue("status", status);
    }

    /** Runs the calls against Pact's mock server, then replaces the contract file with this pact. */
    private void verify(RequestResponsePact pact, Runnable calls) throws IOException {
        PactVerificationResult result = runConsumerTest(pact,
                MockProviderConfig.Companion.httpConfig("127.0.0.1", mockServer.getPort(), PactSpecVersion.V3),
                (server, context) -> {
                    calls.run();
                    return null;
                });
        assertTrue(result instanceof PactVerificationResult.Ok, result.getDescription());
        String file = pact.getConsumer().getName() + "-" + pact.getProvider().getName() + ".json";
        Files.createDirectories(Checkout.pacts());
        Files.deleteIfExists(Checkout.pacts().resolve(file));
        pact.write(Checkout.pacts().toString(), PactSpecVersion.V3).unwrap();
    }
}
