package io.mindmesh.wallet.contract;

import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import io.mindmesh.testing.HttpProviderContract;
import io.mindmesh.testing.PostgresResource;
import io.mindmesh.wallet.hold.service.HoldService;
import io.mindmesh.wallet.topup.service.TopUpService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;

/**
 * Verifies what the orchestrator relies on of the wallet (contracts/README.md): each interaction
 * of {@code contracts/pacts/orchestrator-service-wallet-service.json} (holds, captures, releases,
 * the 402 with its figures) is replayed against this service, so a change here that would break
 * the orchestrator fails this build. The states are made through the services the REST API uses.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
@Provider("wallet-service")
@PactFolder("../contracts/pacts")
class OrchestratorContractTest extends HttpProviderContract {

    @Inject
    TopUpService topUps;

    @Inject
    HoldService holds;

    @State("account acc_contract_funded has 10.00")
    void fundedAccount() {
        fund("acc_contract_funded", "10.00");
    }

    @State("hold exec_contract_capture of 1.00 is held for account acc_contract_funded")
    void holdToCapture() {
        held("exec_contract_capture");
    }

    @State("hold exec_contract_release of 1.00 is held for account acc_contract_funded")
    void holdToRelease() {
        held("exec_contract_release");
    }

    @State("account acc_contract_short has 0.50")
    void shortAccount() {
        fund("acc_contract_short", "0.50");
    }

    private void held(String holdId) {
        fund("acc_contract_funded", "10.00");
        holds.place(holdId, "acc_contract_funded", new BigDecimal("1.00"));
    }

    /** Top-ups are idempotent by reference: each state funds its account once, however often it is set up. */
    private void fund(String accountId, String amount) {
        topUps.topUp(accountId, new BigDecimal(amount), "contract-" + accountId, "contract-tests");
    }
}
