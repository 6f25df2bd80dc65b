package io.mindmesh.wallet.ledger;

import static io.mindmesh.wallet.WalletApi.assertBalances;
import static io.mindmesh.wallet.WalletApi.capture;
import static io.mindmesh.wallet.WalletApi.fund;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database work of holds and captures, counted where it cannot depend on the machine's speed:
 * transactions committed in the test's database ({@code pg_stat_database}) and statements the
 * hold ledger sent (its {@code wallet.ledger.statements} counter; holds and captures touch the
 * database through nothing else).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class WorkPerOperationTest {

    private static final int SEQUENTIAL = 25;
    /**
     * Commits in the test's database that are not the wallet's (a catalog table's autovacuum visit:
     * the wallet's own tables have it off while counting): allowed for, and far below what one more
     * statement per operation would add.
     */
    private static final int BACKGROUND_COMMITS = 3;
    private static final int CONCURRENT = 40;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    /**
     * Reads pg_stat_database: opened before the first reading, so that what opening it cost is
     * reported before that reading; each reading then adds one transaction.
     */
    private Connection stats;

    @BeforeEach
    void openStatistics() throws SQLException {
        stats = DriverManager.getConnection(jdbcUrl, user, password);
        autovacuum(false);
    }

    @AfterEach
    void closeStatistics() throws SQLException {
        autovacuum(true);
        stats.close();
    }

    /**
     * Autovacuum's visits commit in the test's database too, more of them the longer a busy machine
     * stretches the measured rounds: they are switched off on the wallet's tables while counting.
     */
    private void autovacuum(boolean enabled) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = stats.createStatement();
                ResultSet rows = statement.executeQuery("select tablename from pg_tables where schemaname = 'public'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        try (Statement statement = stats.createStatement()) {
            for (String table : tables) {
                statement.execute("alter table \"" + table + "\" set (autovacuum_enabled = " + enabled + ")");
            }
        }
    }

    @Test
    void aHoldAndItsCaptureOneAfterTheOtherTakeAtMostFourStatementsAndTwoCommits() throws Exception {
        String account = newAccount();
        fund(account, "10.30");
        // Warms the pool: a connection the pool opens runs set-up statements of its own.
        for (int i = 0; i < 2; i++) {
            String holdId = unique("exec_");
            hold(holdId, account, "0.15").statusCode(201);
            capture(holdId, "0.15").statusCode(200);
        }

        Work before = work();
        for (int i = 0; i < SEQUENTIAL; i++) {
            String holdId = unique("exec_");
            hold(holdId, account, "0.05").statusCode(201);
            capture(holdId, "0.03").statusCode(200);
        }
        Work done = work().since(before);

        String measured = done + " for " + SEQUENTIAL + " holds and captures";
        assertTrue(done.statements() <= 4 * SEQUENTIAL, measured);
        assertTrue(done.commits() <= 2 * SEQUENTIAL + BACKGROUND_COMMITS, measured);
        assertBalances(account, "9.25", "0");
    }

    @Test
    void concurrentHoldsOnOneWalletCommitTogether() throws Exception {
        String account = newAccount();
        fund(account, "10.00");

        Work done = concurrentlyBehindLockedWallet(account,
                () -> hold(unique("exec_"), account, "0.10").extract().statusCode(), 201);

        // The blocker's own transaction is one of these commits.
        assertTrue(done.commits() < CONCURRENT, done + " for " + CONCURRENT + " concurrent holds");
        assertTrue(done.statements() < CONCURRENT, done + " for " + CONCURRENT + " concurrent holds");
        assertBalances(account, "6.00", "4.00");
    }

    @Test
    void concurrentHoldsAndCapturesOnOneWalletCommitTogether() throws Exception {
        String account = newAccount();
        fund(account, "10.00");

        // Every caller places its hold, then captures it: the captures arrive while holds of other
        // callers may still be queued on the wallet, and share their batches.
        Work done = concurrentlyBehindLockedWallet(account, () -> {
            String holdId = unique("exec_");
            int held = hold(holdId, account, "0.10").extract().statusCode();
            int captured = capture(holdId, "0.04").extract().statusCode();
            return held + " " + captured;
        }, "201 200");

        // One at a time this would be 2 commits per pair; the blocker's transaction is one of these.
        String measured = done + " for " + CONCURRENT + " concurrent holds and captures";
        assertTrue(done.commits() < CONCURRENT, measured);
        assertTrue(done.statements() < CONCURRENT, measured);
        assertBalances(account, "8.40", "0");
    }

    /**
     * Runs {@link #CONCURRENT} calls while another instance's batch holds the wallet's ledger rows:
     * the first hold's statement waits for it, and what arrives meanwhile queues for the next
     * batches. Each call must answer {@code expected}; returns the database work done.
     */
    private <T> Work concurrentlyBehindLockedWallet(String account, Callable<T> call, T expected) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT);
        Work before = work();
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement(
                    "select id from ledger_accounts where account_id = ? order by id for update")) {
                lock.setString(1, account);
                lock.executeQuery().close();
            }
            List<Future<T>> answers = new ArrayList<>();
            for (int i = 0; i < CONCURRENT; i++) {
                answers.add(callers.submit(call));
            }
            awaitBlockedHoldStatement();
            Thread.sleep(1000);
            blocker.commit();
            for (Future<T> answer : answers) {
                assertEquals(expected, answer.get());
            }
        } finally {
            callers.shutdownNow();
        }
        return work().since(before);
    }

    private record Work(double statements, long commits) {

        /** The work done since {@code before}, less the transaction that read {@code before}. */
        Work since(Work before) {
            return new Work(statements - before.statements, commits - before.commits - 1);
        }
    }


    /**
     * Backends report their counts to pg_stat_database once idle, at most every 10 s: the reading
     * waits that long, so that it sees all of them, its own previous reading included.
     */
    private Work work() throws SQLException, InterruptedException {
        Thread.sleep(11_000);
        try (PreparedStatement read = stats.prepareStatement(
                        "select xact_commit from pg_stat_database where datname = current_database()");
                ResultSet rows = read.executeQuery()) {
            rows.next();
            double statements = registry.get("wallet.ledger.statements").counter().count();
            return new Work(statements, rows.getLong(1));
        }
    }

    /** Polls in transactions that are rolled back, so that the polling commits nothing. */
    private void awaitBlockedHoldStatement() throws SQLException, InterruptedException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement blocked = c.prepareStatement("select count(*) from pg_stat_activity"
                        + " where wait_event_type = 'Lock'"
                        + " and query like '/* hold ledger: place holds */%' and pid <> pg_backend_pid()")) {
            c.setAutoCommit(false);
            for (int attempt = 0; attempt < 1500; attempt++) {
                try (ResultSet rows = blocked.executeQuery()) {
                    rows.next();
                    if (rows.getInt(1) > 0) {
                        return;
                    }
                } finally {
                    c.rollback(); // a new transaction reads pg_stat_activity afresh
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("The first hold never reached the database");
    }
}
