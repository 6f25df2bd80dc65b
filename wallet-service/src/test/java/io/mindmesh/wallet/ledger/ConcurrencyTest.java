package io.mindmesh.wallet.ledger;

import static io.mindmesh.wallet.WalletApi.assertBalances;
import static io.mindmesh.wallet.WalletApi.capture;
import static io.mindmesh.wallet.WalletApi.fund;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.topUp;
import static io.mindmesh.wallet.WalletApi.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Many threads on one wallet: every hold sees the money left by the others, and no update is lost. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class ConcurrencyTest {

    private static final int CALLS = 200;
    private static final int THREADS = 16;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void concurrentHoldsAndCapturesLeaveExactlyTopUpsMinusCaptures() throws Exception {
        String account = newAccount();
        fund(account, "60.00");
        fund(account, "40.00");

        // Even calls capture 0.30 of a 0.50 hold; odd calls overrun it and are charged the 0.50 held.
        List<Integer> statuses = concurrently(i -> () -> {
            String holdId = unique("exec_");
            int held = hold(holdId, account, "0.50").extract().statusCode();
            int captured = capture(holdId, i % 2 == 0 ? "0.30" : "0.90").extract().statusCode();
            return held * 1000 + captured;
        });

        assertEquals(Map.of(201200, (long) CALLS), tally(statuses));
        // 100.00 topped up - 100 x 0.30 - 100 x 0.50 captured
        assertBalances(account, "20.00", "0");
        assertRunningBalancesMatchEntries(account);
    }

    @Test
    void withTooLittleMoneyExactlyTheAffordableHoldsSucceed() throws Exception {
        String account = newAccount();
        fund(account, "10.00");

        List<Integer> statuses = concurrently(i -> () -> hold(unique("exec_"), account, "0.75").extract().statusCode());

        // floor(10.00 / 0.75) = 13 holds fit; 0.25 is left over.
        assertEquals(Map.of(201, 13L, 402, 187L), tally(statuses));
        assertBalances(account, "0.25", "9.75");
        assertRunningBalancesMatchEntries(account);
    }

    /**
     * Calls on several wallets share batches (and statements): each wallet is still decided on its
     * own money, in order, and a refusal on one never touches another.
     */
    @Test
    void holdsOnManyWalletsAtOnceAreEachDecidedOnTheirOwnWallet() throws Exception {
        List<String> accounts = IntStream.range(0, 5).mapToObj(i -> newAccount()).toList();
        for (String account : accounts) {
            fund(account, "3.00");
        }

        // 40 calls per wallet, interleaved: hold 0.75, then capture 0.50 of it (0.25 goes back).
        // How many succeed depends on the timing (a hold is refused while others hold the rest),
        // never more than the money allows: 3.00 pays five captures of 0.50, then 0.50 is left; and
        // never fewer than four, as a hold is refused only once 2.25 is spoken for.
        List<Integer> outcomes = concurrently(i -> () -> {
            int wallet = i % accounts.size();
            String holdId = unique("exec_");
            int held = hold(holdId, accounts.get(wallet), "0.75").extract().statusCode();
            int status = held == 201 ? held * 1000 + capture(holdId, "0.50").extract().statusCode() : held;
            return status * 10 + wallet;
        });

        for (int wallet = 0; wallet < accounts.size(); wallet++) {
            int w = wallet;
            Map<Integer, Long> tally = tally(outcomes.stream().filter(o -> o % 10 == w).map(o -> o / 10).toList());
            long captured = tally.getOrDefault(201200, 0L);
            assertEquals(40, captured + tally.getOrDefault(402, 0L), "only placed-and-captured or refused: " + tally);
            assertTrue(captured >= 4 && captured <= 5, "a wallet of 3.00 pays four or five captures of 0.50: " + tally);
            String available = new BigDecimal("3.00").subtract(new BigDecimal("0.50").multiply(BigDecimal.valueOf(captured)))
                    .toPlainString();
            assertBalances(accounts.get(wallet), available, "0");
            assertRunningBalancesMatchEntries(accounts.get(wallet));
        }
    }

    @Test
    void concurrentRetriesOfOneHoldPlaceItOnce() throws Exception {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "5.00");

        List<Integer> statuses = concurrently(i -> () -> hold(holdId, account, "1.00").extract().statusCode());

        assertEquals(Map.of(201, 1L, 200, (long) CALLS - 1), tally(statuses));
        assertBalances(account, "4.00", "1.00");
    }

    @Test
    void concurrentRetriesOfOneTopUpCreditItOnce() throws Exception {
        String account = newAccount();
        String reference = unique("ref_");

        List<Integer> statuses = concurrently(i -> () -> topUp(account, "7.00", reference).extract().statusCode());

        assertEquals(Map.of(201, 1L, 200, (long) CALLS - 1), tally(statuses));
        assertBalances(account, "7.00", "0");
        assertRunningBalancesMatchEntries(account);
    }

    @Test
    void aHoldIdTakenMeanwhileByAnotherAccountIsAConflictNotAFailure() throws Exception {
        String first = newAccount();
        String second = newAccount();
        String holdId = unique("exec_");
        fund(first, "1.00");
        fund(second, "1.00");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            // Another wallet instance has inserted the same hold id for the first account and not yet committed.
            other.setAutoCommit(false);
            try (PreparedStatement insert = other.prepareStatement("insert into holds (hold_id, account_id, amount,"
                    + " status, created_at) values (?, ?, 0.50, 'HELD', now())")) {
                insert.setString(1, holdId);
                insert.setString(2, first);
                insert.executeUpdate();
            }
            Future<ValidatableResponse> racing = pool.submit(() -> hold(holdId, second, "0.50"));
            awaitInsertBlockedOnHolds();
            other.commit();

            racing.get()
                    .statusCode(409)
                    .body("error", equalTo("CONFLICT"))
                    .body("message", equalTo("Hold " + holdId + " already exists for another account."))
                    .body("requestId", startsWith("req_"));
        } finally {
            pool.shutdownNow();
        }
        assertBalances(second, "1.00", "0");
    }

    /** Waits until the racing request's insert queues behind the uncommitted one. */
    private void awaitInsertBlockedOnHolds() throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement blocked = c.prepareStatement("select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock' and query like '/* hold ledger: place holds */%' and pid <> pg_backend_pid()")) {
            for (int attempt = 0; attempt < 1500; attempt++) {
                try (ResultSet rows = blocked.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("The racing hold never reached the database");
    }

    private static List<Integer> concurrently(Function<Integer, Callable<Integer>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> futures = pool.invokeAll(
                    IntStream.range(0, CALLS).mapToObj(call::apply).toList());
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<Integer, Long> tally(List<Integer> statuses) {
        return statuses.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private void assertRunningBalancesMatchEntries(String account) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement("""
                        select count(*) from ledger_accounts a
                        where a.account_id = ?
                          and a.balance = (select coalesce(sum(e.amount), 0) from ledger_entries e where e.ledger_account_id = a.id)
                        """)) {
            statement.setString(1, account);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                assertEquals(2, rows.getInt(1), "AVAILABLE and HELD both equal the sum of their entries");
            }
        }
    }
}
