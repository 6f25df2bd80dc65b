package io.mindmesh.wallet.hold.repository;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.mindmesh.common.error.ApiException;
import io.mindmesh.common.error.ErrorCode;
import io.mindmesh.common.money.Money;
import io.mindmesh.wallet.hold.HoldStatus;
import io.mindmesh.wallet.hold.HoldView;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Places and settles holds in batches, of any wallets, each batch one database transaction of at
 * most two statements (settlements, then holds), each a data-modifying CTE: it locks what it
 * reads, decides every operation in order, and writes the holds, ledger transactions and entries
 * with multi-row inserts. The database's triggers and constraints
 * (running balances that cannot go below zero, balanced transactions, append-only ledger, one
 * HOLD / CAPTURE / RELEASE per hold, the settlement check) still guard every row written here.
 */
@ApplicationScoped
public class HoldLedger {

    /** Failures a second attempt resolves: a concurrent writer of the same key committed first, or a deadlock victim. */
    private static final Set<String> TRANSIENT = Set.of("23505", "40001", "40P01");
    private static final int ATTEMPTS = 3;

    /**
     * Holds on any wallets. Their wallets' AVAILABLE and HELD rows are locked (in id order) and
     * read fresh; hold ids that exist already are answered as they are; the new ones are decided
     * in batch order by a running available balance per wallet (a refused hold leaves it
     * unchanged for the next on that wallet).
     */
    private static final String PLACE = """
            /* hold ledger: place holds */
            with recursive
            ops as materialized (
                select o.hold_id, o.account_id, o.amount, o.n
                from unnest(?::varchar[], ?::varchar[], ?::numeric[]) with ordinality as o(hold_id, account_id, amount, n)),
            accounts as materialized (
                select id, account_id, kind, balance from ledger_accounts
                where account_id = any(array(select distinct account_id from ops)) order by id for update),
            earlier as materialized (
                select h.hold_id, h.account_id, h.amount, h.captured, h.released, h.status
                from holds h where h.hold_id = any(array(select hold_id from ops))),
            fresh as materialized (
                select row_number() over (partition by o.account_id order by o.n) as k, o.n, o.hold_id, o.account_id, o.amount
                from ops o where not exists (select 1 from earlier e where e.hold_id = o.hold_id)),
            decided (k, n, hold_id, account_id, amount, placed, available, held) as (
                select 0::bigint, 0::bigint, null::varchar, w.account_id::varchar, null::numeric, false,
                       coalesce((select balance from accounts a where a.account_id = w.account_id and a.kind = 'AVAILABLE'), 0)::numeric,
                       coalesce((select balance from accounts a where a.account_id = w.account_id and a.kind = 'HELD'), 0)::numeric
                from (select distinct account_id from fresh) w
                union all
                select f.k, f.n, f.hold_id, f.account_id, f.amount::numeric, d.available >= f.amount,
                       (case when d.available >= f.amount then d.available - f.amount else d.available end)::numeric,
                       (case when d.available >= f.amount then d.held + f.amount else d.held end)::numeric
                from decided d join fresh f on f.account_id = d.account_id and f.k = d.k + 1),
            placed as materialized (
                select * from decided where placed),
            new_holds as (
                insert into holds (hold_id, account_id, amount, status, created_at)
                select hold_id, account_id, amount, 'HELD', now() from placed),
            new_transactions as (
                insert into ledger_transactions (id, account_id, type, amount, hold_id, balance_after, available_after, created_at)
                select 'txn_' || replace(gen_random_uuid()::text, '-', ''), account_id, 'HOLD', amount, hold_id,
                       available + held, available, now()
                from placed order by n
                returning id, account_id, amount),
            new_entries as (
                insert into ledger_entries (transaction_id, ledger_account_id, amount)
                select t.id, a.id, case a.kind when 'AVAILABLE' then -t.amount else t.amount end
                from new_transactions t join accounts a on a.account_id = t.account_id)
            select case when e.hold_id is null then (case when d.placed then 'APPLIED' else 'INSUFFICIENT' end)
                        when e.account_id = o.account_id then 'REPLAYED' else 'OTHER_ACCOUNT' end,
                   o.hold_id, coalesce(e.account_id, o.account_id), coalesce(e.amount, o.amount), coalesce(e.captured, 0),
                   coalesce(e.released, 0), coalesce(e.status, 'HELD'), d.available
            from ops o left join earlier e on e.hold_id = o.hold_id left join decided d on d.n = o.n and d.k > 0
            order by o.n""";

    /**
     * Captures and releases of holds on any wallets. The holds, then their wallets' AVAILABLE and
     * HELD rows (with those of the wallets the same transaction places holds on next, so that it
     * takes all its wallet locks at once, in id order, and two transactions never wait on each
     * other's), are locked and read fresh; a hold still HELD is settled (a capture charges
     * min(cost, amount) to revenue and releases the rest, the overrun rule), any other answers as
     * it is. Balances after each ledger transaction are running sums per wallet in batch order.
     */
    private static final String SETTLE = """
            /* hold ledger: settle holds */
            with
            ops as materialized (
                select o.hold_id, o.is_release, o.cost, o.n
                from unnest(?::varchar[], ?::boolean[], ?::numeric[]) with ordinality as o(hold_id, is_release, cost, n)),
            locked as materialized (
                select h.hold_id, h.account_id, h.amount, h.captured, h.released, h.status
                from holds h where h.hold_id = any(array(select hold_id from ops)) order by h.hold_id for update),
            accounts as materialized (
                select a.id, a.account_id, a.kind, a.balance from ledger_accounts a
                where a.account_id in (select account_id from locked union select unnest(?::varchar[]))
                order by a.id for update),
            settled as materialized (
                select o.n, o.is_release, l.hold_id, l.account_id, s.charged, l.amount - s.charged as released
                from ops o join locked l on l.hold_id = o.hold_id
                cross join lateral (select case when o.is_release then 0 else least(o.cost, l.amount) end as charged) s
                where l.status = 'HELD'),
            running as materialized (
                select s.*,
                       av.balance + hd.balance - sum(s.charged) over w as balance_after,
                       av.balance + sum(s.released) over w - s.released as available_after_capture,
                       av.balance + sum(s.released) over w as available_after_release,
                       av.id as available_account, hd.id as held_account
                from settled s
                join accounts av on av.account_id = s.account_id and av.kind = 'AVAILABLE'
                join accounts hd on hd.account_id = s.account_id and hd.kind = 'HELD'
                window w as (partition by s.account_id order by s.n)),
            updated as (
                update holds h
                set status = case when r.is_release then 'RELEASED' else 'CAPTURED' end,
                    captured = r.charged, released = r.released, settled_at = now()
                from running r where h.hold_id = r.hold_id),
            movements as materialized (
                select r.n, m.step, r.account_id, r.hold_id, m.type, m.amount, r.balance_after, m.available_after,
                       r.held_account, case m.type when 'CAPTURE' then revenue.id else r.available_account end as destination
                from running r
                cross join (select id from ledger_accounts where account_id is null and kind = 'REVENUE') revenue
                cross join lateral (values (1, 'CAPTURE', r.charged, r.available_after_capture),
                                           (2, 'RELEASE', r.released, r.available_after_release))
                    as m(step, type, amount, available_after)
                where m.amount > 0),
            new_transactions as (
                insert into ledger_transactions (id, account_id, type, amount, hold_id, balance_after, available_after, created_at)
                select 'txn_' || replace(gen_random_uuid()::text, '-', ''), account_id, type, amount, hold_id,
                       balance_after, available_after, now()
                from movements order by n, step
                returning id, hold_id, type, amount),
            new_entries as (
                insert into ledger_entries (transaction_id, ledger_account_id, amount)
                select t.id, e.account, e.amount
                from new_transactions t join movements m on m.hold_id = t.hold_id and m.type = t.type
                cross join lateral (values (m.held_account, -t.amount), (m.destination, t.amount)) as e(account, amount))
            select case when l.hold_id is null then 'NOT_FOUND' when r.n is not null then 'APPLIED'
                        when l.status = case when o.is_release then 'RELEASED' else 'CAPTURED' end then 'REPLAYED'
                        else 'CONFLICT' end,
                   o.hold_id, l.account_id, l.amount, coalesce(r.charged, l.captured), coalesce(r.released, l.released),
                   case when r.n is null then l.status when o.is_release then 'RELEASED' else 'CAPTURED' end
            from ops o left join locked l on l.hold_id = o.hold_id left join running r on r.n = o.n
            order by o.n""";

    /** One operation on a wallet's holds, identified by its hold id. */
    public sealed interface Operation permits Placement, Settlement {
        String holdId();
    }

    /** A hold to place. */
    public record Placement(String holdId, String accountId, BigDecimal amount) implements Operation {
    }

    /** A hold to capture ({@code cost} is the actual cost) or, with {@code cost} null, to release. */
    public record Settlement(String holdId, BigDecimal cost) implements Operation {

        public boolean release() {
            return cost == null;
        }
    }

    /** What happened to one operation of a batch. */
    public enum Kind {
        APPLIED, REPLAYED, INSUFFICIENT, OTHER_ACCOUNT, NOT_FOUND, CONFLICT
    }

    /** The hold after the operation (null when not found); {@code available} is the wallet's when it was decided. */
    public record Outcome(Kind kind, HoldView hold, BigDecimal available) {
    }

    private final AgroalDataSource dataSource;
    private final Counter statements;
    private final DistributionSummary batchSizes;

    public HoldLedger(AgroalDataSource dataSource, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.statements = Counter.builder("wallet.ledger.statements")
                .description("SQL statements the hold ledger sent")
                .register(registry);
        this.batchSizes = DistributionSummary.builder("wallet.ledger.batch.size")
                .description("Operations applied by one hold-ledger statement")
                .register(registry);
    }

    /**
     * Applies a batch of operations, on any wallets: its captures and releases with one
     * statement, then its holds with another, so holds see the funds the settlements gave back.
     * With both kinds the two statements share one database transaction (one commit), the first
     * locking every wallet of the batch; otherwise the one statement runs in autocommit. One
     * outcome per operation, in batch order.
     */
    public List<Outcome> apply(List<Operation> batch) {
        List<Settlement> settlements = new ArrayList<>();
        List<Placement> placements = new ArrayList<>();
        for (Operation op : batch) {
            switch (op) {
                case Settlement s -> settlements.add(s);
                case Placement p -> placements.add(p);
            }
        }
        boolean oneTransaction = !settlements.isEmpty() && !placements.isEmpty();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(!oneTransaction);
                try {
                    Iterator<Outcome> settled = settle(c, settlements, placements).iterator();
                    Iterator<Outcome> placed = place(c, placements).iterator();
                    if (oneTransaction) {
                        c.commit();
                    }
                    List<Outcome> outcomes = new ArrayList<>(batch.size());
                    for (Operation op : batch) {
                        outcomes.add(op instanceof Settlement ? settled.next() : placed.next());
                    }
                    return outcomes;
                } catch (SQLException e) {
                    if (oneTransaction) {
                        c.rollback();
                    }
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && TRANSIENT.contains(e.getSQLState())) {
                    continue;
                }
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    // The database refused a write the checks above let through: the caller retries.
                    throw new ApiException(409, ErrorCode.CONFLICT,
                            "The request conflicts with a concurrent change to the same wallet; retry it.");
                }
                throw new IllegalStateException("Ledger write failed (SQLSTATE " + e.getSQLState() + ")", e);
            }
        }
    }

    /** The wallet a hold belongs to, empty for an unknown hold (a hold never changes wallet). */
    public Optional<String> walletOf(String holdId) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement(
                        "/* hold ledger: wallet of a hold */ select account_id from holds where hold_id = ?")) {
            statement.setString(1, holdId);
            statements.increment();
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Hold lookup failed (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Holds still HELD that were placed before {@code placedBefore}, oldest first: the orchestrator
     * looks among them for holds whose execution was never stored (partial index holds_held_by_age).
     */
    public List<HoldView> heldSince(Instant placedBefore, int limit) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement statement = c.prepareStatement("""
                        /* hold ledger: old unsettled holds */
                        select hold_id, account_id, amount, captured, released, status from holds
                        where status = 'HELD' and created_at < ? order by created_at limit ?""")) {
            statement.setObject(1, OffsetDateTime.ofInstant(placedBefore, ZoneOffset.UTC));
            statement.setInt(2, limit);
            statements.increment();
            List<HoldView> holds = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    holds.add(hold(rs, 1));
                }
            }
            return holds;
        } catch (SQLException e) {
            throw new IllegalStateException("Hold listing failed (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private List<Outcome> place(Connection c, List<Placement> batch) throws SQLException {
        return execute(c, PLACE, batch.size(), statement -> {
            statement.setArray(1, c.createArrayOf("varchar", batch.stream().map(Placement::holdId).toArray()));
            statement.setArray(2, c.createArrayOf("varchar", batch.stream().map(Placement::accountId).toArray()));
            statement.setArray(3, c.createArrayOf("numeric", batch.stream().map(Placement::amount).toArray()));
        }, rs -> new Outcome(Kind.valueOf(rs.getString(1)), hold(rs, 2), rs.getBigDecimal(8)));
    }

    /** {@code placements}: what the same transaction places next, whose wallets this statement locks too. */
    private List<Outcome> settle(Connection c, List<Settlement> batch, List<Placement> placements)
            throws SQLException {
        return execute(c, SETTLE, batch.size(), statement -> {
            statement.setArray(1, c.createArrayOf("varchar", batch.stream().map(Settlement::holdId).toArray()));
            statement.setArray(2, c.createArrayOf("bool", batch.stream().map(Settlement::release).toArray()));
            statement.setArray(3, c.createArrayOf("numeric", batch.stream().map(Settlement::cost).toArray()));
            statement.setArray(4, c.createArrayOf("varchar",
                    placements.stream().map(Placement::accountId).distinct().toArray()));
        }, rs -> {
            Kind kind = Kind.valueOf(rs.getString(1));
            return new Outcome(kind, kind == Kind.NOT_FOUND ? null : hold(rs, 2), null);
        });
    }

    private static HoldView hold(ResultSet rs, int from) throws SQLException {
        return new HoldView(rs.getString(from), rs.getString(from + 1), Money.display(rs.getBigDecimal(from + 2)),
                Money.display(rs.getBigDecimal(from + 3)), Money.display(rs.getBigDecimal(from + 4)),
                HoldStatus.valueOf(rs.getString(from + 5)));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private interface RowReader {
        Outcome read(ResultSet rs) throws SQLException;
    }

    private List<Outcome> execute(Connection c, String sql, int size, Binder binder, RowReader reader)
            throws SQLException {
        if (size == 0) {
            return List.of();
        }
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            statements.increment();
            List<Outcome> outcomes = new ArrayList<>(size);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    outcomes.add(reader.read(rs));
                }
            }
            batchSizes.record(size);
            return outcomes;
        }
    }
}
