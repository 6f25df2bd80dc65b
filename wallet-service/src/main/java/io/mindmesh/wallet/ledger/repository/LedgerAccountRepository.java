package io.mindmesh.wallet.ledger.repository;

import io.mindmesh.wallet.ledger.LedgerAccount;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class LedgerAccountRepository implements PanacheRepositoryBase<LedgerAccount, Long> {

    /**
     * The wallet's two accounts and the platform's two, which every movement needs. The wallet's
     * are locked ({@code FOR UPDATE}, in id order) and so read fresh: holds and settlements lock
     * the same rows and nothing else of the wallet.
     */
    public List<LedgerAccount> lockForWalletAndPlatform(String accountId) {
        List<LedgerAccount> accounts = new ArrayList<>(find("accountId = ?1 order by id", accountId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list());
        accounts.addAll(list("accountId is null"));
        return accounts;
    }

    public List<LedgerAccount> forWallet(String accountId) {
        return list("accountId", accountId);
    }
}
