package io.mindmesh.wallet.hold.repository;

import io.mindmesh.wallet.hold.Hold;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class HoldRepository implements PanacheRepositoryBase<Hold, String> {

    /** Re-reads the hold: its state may have changed while this transaction waited for the wallet lock. */
    public void reload(Hold hold) {
        getEntityManager().refresh(hold);
    }
}
