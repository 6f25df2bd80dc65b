package io.mindmesh.wallet.ledger.repository;

import io.mindmesh.wallet.ledger.Wallet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;

@ApplicationScoped
public class WalletRepository implements PanacheRepositoryBase<Wallet, String> {

    /** Creates the wallet unless it exists; concurrent first top-ups of one account both succeed. */
    public void openIfMissing(String accountId) {
        getEntityManager()
                .createNativeQuery("insert into wallets (account_id) values (?1) on conflict (account_id) do nothing")
                .setParameter(1, accountId)
                .executeUpdate();
    }

    /** {@code SELECT ... FOR UPDATE} on the wallet row, held until the transaction ends. */
    public Optional<Wallet> lock(String accountId) {
        return findByIdOptional(accountId, LockModeType.PESSIMISTIC_WRITE);
    }
}
