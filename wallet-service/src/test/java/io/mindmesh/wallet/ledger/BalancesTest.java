package io.mindmesh.wallet.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalancesTest {

    private static final Balances WALLET = new Balances(new BigDecimal("10.000000"), new BigDecimal("2.500000"));

    @Test
    void balanceIsAvailablePlusHeld() {
        assertEquals(new BigDecimal("12.500000"), WALLET.total());
    }

    @Test
    void eachTransactionTypeMovesMoneyBetweenTheRightAccounts() {
        BigDecimal amount = new BigDecimal("0.750000");
        assertEquals(new Balances(new BigDecimal("10.750000"), new BigDecimal("2.500000")),
                WALLET.after(TransactionType.TOP_UP, amount));
        assertEquals(new Balances(new BigDecimal("9.250000"), new BigDecimal("3.250000")),
                WALLET.after(TransactionType.HOLD, amount));
        assertEquals(new Balances(new BigDecimal("10.000000"), new BigDecimal("1.750000")),
                WALLET.after(TransactionType.CAPTURE, amount));
        assertEquals(new Balances(new BigDecimal("10.750000"), new BigDecimal("1.750000")),
                WALLET.after(TransactionType.RELEASE, amount));
    }

    @Test
    void holdsAndReleasesKeepTheBalanceWhileTopUpsAndCapturesChangeIt() {
        BigDecimal amount = new BigDecimal("1.000001");
        assertEquals(WALLET.total(), WALLET.after(TransactionType.HOLD, amount).total());
        assertEquals(WALLET.total(), WALLET.after(TransactionType.RELEASE, amount).total());
        assertEquals(WALLET.total().add(amount), WALLET.after(TransactionType.TOP_UP, amount).total());
        assertEquals(WALLET.total().subtract(amount), WALLET.after(TransactionType.CAPTURE, amount).total());
    }

    @Test
    void availableFundsCoverUpToTheirExactAmount() {
        assertTrue(WALLET.covers(new BigDecimal("10")));
        assertTrue(WALLET.covers(new BigDecimal("9.999999")));
        assertFalse(WALLET.covers(new BigDecimal("10.000001")));
    }

    @Test
    void readsTheWalletAccountsAndSkipsThePlatformOnes() {
        Balances balances = Balances.of(List.of(
                account(AccountKind.FUNDING, null),
                account(AccountKind.HELD, "0.250000"),
                account(AccountKind.AVAILABLE, "4.000000"),
                account(AccountKind.REVENUE, null)));

        assertEquals(new Balances(new BigDecimal("4.000000"), new BigDecimal("0.250000")), balances);
        assertEquals(Balances.EMPTY, Balances.of(List.of()));
    }

    private static LedgerAccount account(AccountKind kind, String balance) {
        LedgerAccount account = new LedgerAccount();
        account.kind = kind;
        account.balance = balance == null ? null : new BigDecimal(balance);
        return account;
    }
}
