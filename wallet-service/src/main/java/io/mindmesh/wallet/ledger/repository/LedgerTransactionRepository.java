package io.mindmesh.wallet.ledger.repository;

import io.mindmesh.wallet.ledger.LedgerTransaction;
import io.mindmesh.wallet.ledger.TransactionType;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class LedgerTransactionRepository implements PanacheRepositoryBase<LedgerTransaction, String> {

    public Optional<LedgerTransaction> findTopUp(String reference) {
        return find("type = ?1 and reference = ?2", TransactionType.TOP_UP, reference).firstResultOptional();
    }
}
