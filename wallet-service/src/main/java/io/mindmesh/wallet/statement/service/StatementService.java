package io.mindmesh.wallet.statement.service;

import io.mindmesh.common.paging.Page;
import io.mindmesh.common.paging.PageQuery;
import io.mindmesh.common.paging.Sort;
import io.mindmesh.common.request.Caller;
import io.mindmesh.wallet.ledger.Balances;
import io.mindmesh.wallet.ledger.repository.LedgerAccountRepository;
import io.mindmesh.wallet.ledger.repository.LedgerTransactionRepository;
import io.mindmesh.wallet.statement.TransactionFilter;
import io.mindmesh.wallet.statement.TransactionView;
import io.mindmesh.wallet.statement.WalletView;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** What a caller reads about its own wallet; always scoped to the caller's account. */
@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class StatementService {

    private final LedgerAccountRepository accounts;
    private final LedgerTransactionRepository transactions;

    public StatementService(LedgerAccountRepository accounts, LedgerTransactionRepository transactions) {
        this.accounts = accounts;
        this.transactions = transactions;
    }

    /** A wallet that does not exist yet reads as zero. */
    public WalletView wallet(Caller caller) {
        return WalletView.of(caller, Balances.of(accounts.forWallet(caller.accountId())));
    }

    /**
     * The ledger's transactions, for live keys only. Every transaction is live money (sandbox
     * executions are simulated and never hold or capture), so a sandbox key sees an empty
     * history: the live ledger is another environment's data, as a live execution is.
     */
    public Page<TransactionView> transactions(Caller caller, TransactionFilter filter, Sort sort, PageQuery page) {
        if (caller.sandbox()) {
            return Page.of(List.of(), page, 0);
        }
        StringBuilder where = new StringBuilder("accountId = :accountId");
        Parameters parameters = Parameters.with("accountId", caller.accountId());
        if (filter.type() != null) {
            where.append(" and type = :type");
            parameters.and("type", filter.type());
        }
        if (filter.from() != null) {
            where.append(" and createdAt >= :from");
            parameters.and("from", filter.from());
        }
        if (filter.to() != null) {
            where.append(" and createdAt <= :to");
            parameters.and("to", filter.to());
        }
        long total = transactions.count(where.toString(), parameters);
        // Computed in long: a page number near Integer.MAX_VALUE must read as past the end, not overflow.
        long offset = (long) (page.page() - 1) * page.limit();
        if (offset >= total) {
            return Page.of(List.of(), page, total);
        }
        // seq breaks ties in the same direction, so pages never overlap or skip a row.
        String order = " order by " + sort.clause() + ", seq" + (sort.descending() ? " desc" : " asc");
        List<TransactionView> data = transactions.find(where + order, parameters)
                .range((int) offset, (int) offset + page.limit() - 1)
                .list().stream().map(TransactionView::of).toList();
        return Page.of(data, page, total);
    }
}
