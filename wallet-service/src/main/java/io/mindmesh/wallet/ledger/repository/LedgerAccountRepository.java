package io.mindmesh.wallet.ledger.repository;

import io.mindmesh.wallet.ledger.LedgerAccount;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class LedgerAccountRepository implements PanacheRepositoryBase<LedgerAccount, Long> {

    /** The wallet's two accounts and the platform's two, which every movement needs. */
    public List<LedgerAccount> forWalletAndPlatform(String accountId) {
        return list("accountId = ?1 or accountId is null", accountId);
    }

    public List<LedgerAccount> forWallet(String accountId) {
        return list("accountId", accountId);
    }
}
