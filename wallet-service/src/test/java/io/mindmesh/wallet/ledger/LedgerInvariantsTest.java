package io.mindmesh.wallet.ledger;

import static io.mindmesh.wallet.WalletApi.assertBalances;
import static io.mindmesh.wallet.WalletApi.fund;
import static io.mindmesh.wallet.WalletApi.hold;
import static io.mindmesh.wallet.WalletApi.newAccount;
import static io.mindmesh.wallet.WalletApi.unique;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agroal.api.AgroalDataSource;
import io.mindmesh.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** The database keeps the ledger's invariants even when the service's code is bypassed. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "wallet"))
class LedgerInvariantsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aBalancedTransactionThatOverdrawsAWalletIsRefused() throws SQLException {
        String account = newAccount();
        fund(account, "1.00");

        SQLException refused = inTransaction(c -> insertTopUp(c, account, "5.00",
                ledgerAccountId(c, account, "AVAILABLE"), "-5.00", platformAccountId(c, "FUNDING"), "5.00"));

        assertEquals("23514", refused.getSQLState());
        assertThat(refused.getMessage(), containsString("ledger_accounts_balance_non_negative"));
        assertBalances(account, "1.00", "0");
    }

    @Test
    void runningBalancesCannotBeEditedDirectly() throws SQLException {
        String account = newAccount();
        fund(account, "1.00");

        SQLException refused = inTransaction(c -> execute(c,
                "update ledger_accounts set balance = 100 where account_id = ? and kind = 'AVAILABLE'", account));

        assertThat(refused.getMessage(), containsString("Ledger accounts change only through ledger entries"));
        assertBalances(account, "1.00", "0");
    }

    @Test
    void entriesAndTransactionsAreAppendOnly() throws SQLException {
        String account = newAccount();
        fund(account, "1.00");

        SQLException edit = inTransaction(c -> execute(c,
                "update ledger_entries set amount = amount * 2 where ledger_account_id = "
                        + ledgerAccountId(c, account, "AVAILABLE")));
        SQLException delete = inTransaction(c -> execute(c,
                "delete from ledger_transactions where account_id = ?", account));
        SQLException truncate = inTransaction(c -> execute(c, "truncate ledger_entries"));

        assertThat(edit.getMessage(), containsString("ledger_entries is append-only"));
        assertThat(delete.getMessage(), containsString("ledger_transactions is append-only"));
        assertThat(truncate.getMessage(), containsString("ledger_entries is append-only"));
        assertBalances(account, "1.00", "0");
    }

    @Test
    void aTransactionWhoseEntriesDoNotSumToZeroIsRefused() throws SQLException {
        String account = newAccount();
        fund(account, "1.00");

        SQLException refused = inTransaction(c -> insertTopUp(c, account, "5.00",
                ledgerAccountId(c, account, "AVAILABLE"), "5.00", platformAccountId(c, "FUNDING"), "-4.00"));

        assertThat(refused.getMessage(), containsString("does not balance"));
        assertBalances(account, "1.00", "0");
    }

    @Test
    void aTransactionIsWrittenWithItsEntriesOrNotAtAll() throws SQLException {
        String account = newAccount();
        fund(account, "1.00");

        SQLException alone = inTransaction(c -> execute(c, "insert into ledger_transactions (id, account_id, type,"
                + " amount, reference, balance_after, available_after, created_at)"
                + " values (?, ?, 'TOP_UP', 5, ?, 0, 0, now())", unique("txn_raw_"), account, unique("ref_")));
        SQLException unbalancing = inTransaction(c -> execute(c, "insert into ledger_entries (transaction_id,"
                + " ledger_account_id, amount) select id, " + ledgerAccountId(c, account, "AVAILABLE")
                + ", 5 from ledger_transactions where account_id = ?", account));

        assertThat(alone.getMessage(), containsString("does not balance: 0 entries"));
        assertThat(unbalancing.getMessage(), containsString("does not balance"));
        assertBalances(account, "1.00", "0");
    }

    @Test
    void aHoldCannotCaptureMoreThanItHeld() throws SQLException {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "1.00");
        hold(holdId, account, "0.50").statusCode(201);

        SQLException refused = inTransaction(c -> execute(c,
                "update holds set status = 'CAPTURED', captured = 0.60, settled_at = now() where hold_id = ?", holdId));

        assertThat(refused.getMessage(), containsString("holds_settlement"));
    }

    @Test
    void everyRunningBalanceEqualsTheSumOfItsEntriesAndTheLedgerSumsToZero() throws SQLException {
        String account = newAccount();
        String holdId = unique("exec_");
        fund(account, "3.00");
        hold(holdId, account, "1.20").statusCode(201);
        hold(unique("exec_"), account, "0.30").statusCode(201);

        try (Connection c = dataSource.getConnection()) {
            assertEquals(0, scalar(c, """
                    select count(*) from ledger_accounts a
                    where a.balance is not null
                      and a.balance <> (select coalesce(sum(e.amount), 0) from ledger_entries e where e.ledger_account_id = a.id)
                    """));
            assertEquals(0, scalar(c, "select count(*) from ledger_entries having sum(amount) <> 0"));
        }
        assertBalances(account, "1.50", "1.50");
    }

    @FunctionalInterface
    private interface SqlWork {
        void run(Connection connection) throws SQLException;
    }

    /** Runs the work in one transaction and returns how the database refused it. */
    private SQLException inTransaction(SqlWork work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            return assertThrows(SQLException.class, () -> {
                try {
                    work.run(c);
                    c.commit();
                } finally {
                    c.rollback();
                }
            });
        }
    }

    /** A top-up written by hand with two entries, in one statement as the database requires. */
    private static void insertTopUp(Connection c, String account, String amount, long firstAccount,
            String firstAmount, long secondAccount, String secondAmount) throws SQLException {
        execute(c, "with txn as (insert into ledger_transactions (id, account_id, type, amount, reference,"
                + " balance_after, available_after, created_at) values (?, ?, 'TOP_UP', " + new BigDecimal(amount)
                + ", ?, 0, 0, now()) returning id)"
                + " insert into ledger_entries (transaction_id, ledger_account_id, amount)"
                + " select txn.id, e.account, e.amount from txn cross join (values (" + firstAccount + ", "
                + new BigDecimal(firstAmount) + "), (" + secondAccount + ", " + new BigDecimal(secondAmount)
                + ")) as e(account, amount)", unique("txn_raw_"), account, unique("ref_"));
    }

    private static long ledgerAccountId(Connection c, String account, String kind) throws SQLException {
        return scalar(c, "select id from ledger_accounts where account_id = '" + account + "' and kind = '" + kind + "'");
    }

    private static long platformAccountId(Connection c, String kind) throws SQLException {
        return scalar(c, "select id from ledger_accounts where account_id is null and kind = '" + kind + "'");
    }

    private static void execute(Connection c, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    /** The first column of the first row, or 0 when there is none. */
    private static long scalar(Connection c, String sql) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql); ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }
}
