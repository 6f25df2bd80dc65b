import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load client of the wallet benchmark (run by {@code benchmarks/run.sh wallet}, which starts
 * PostgreSQL and wallet-service first). Single-file program: {@code java -cp <pgjdbc.jar>
 * WalletBench.java key=value...}.
 *
 * <p>Four cases, each run with the same number of client threads, each thread doing one operation
 * after the other:
 * <ul>
 * <li>wallet, hot: place a hold then capture it ({@code POST /internal/v1/holds},
 * {@code POST /internal/v1/holds/{id}/capture}) on one account;</li>
 * <li>wallet, spread: the same on an account drawn at random among {@code accounts};</li>
 * <li>plain, hot / spread: {@code UPDATE plain_wallets SET balance = balance - ? WHERE id = ?} in
 * autocommit over JDBC, on the same PostgreSQL server, same accounts.</li>
 * </ul>
 * Wallet and plain cases alternate in rounds so that load from other processes on the machine
 * falls on both alike; each case's figure is its operations over its measured time, all rounds.
 */
public class WalletBench {

    static final String HOT = "acc_bench_hot";
    static final String HOLD_AMOUNT = "0.05";
    static final String CAPTURE_AMOUNT = "0.03";

    final String walletUrl;
    final String jdbcUrl;
    final String user;
    final String password;
    final int threads;
    final int accounts;
    final int seconds;
    final int rounds;
    final int warmup;
    final boolean showSql;
    final long walletPid;
    final double clockTicks;
    final String runId = Long.toString(System.currentTimeMillis(), 36);
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicLong holdSeq = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    volatile String firstError;

    WalletBench(Map<String, String> a) {
        walletUrl = a.get("wallet");
        jdbcUrl = a.get("jdbc");
        user = a.getOrDefault("user", "mindmesh");
        password = a.getOrDefault("password", "mindmesh");
        threads = Integer.parseInt(a.getOrDefault("threads", "8"));
        accounts = Integer.parseInt(a.getOrDefault("accounts", "1000"));
        seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
        rounds = Integer.parseInt(a.getOrDefault("rounds", "2"));
        warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        showSql = "1".equals(a.get("showsql"));
        walletPid = Long.parseLong(a.getOrDefault("walletpid", "0"));
        clockTicks = Double.parseDouble(a.getOrDefault("clockticks", "100"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        System.exit(new WalletBench(a).run());
    }

    static String spreadId(int i) {
        return String.format(Locale.ROOT, "acc_bench_%04d", i);
    }

    // ---- one operation of each kind ----------------------------------------------------------

    interface Op {
        void run(Worker w, String accountId) throws Exception;
    }

    /** One capture as the orchestrator does it: hold the estimate, then capture the actual cost. */
    void walletCapture(Worker w, String accountId) throws Exception {
        String holdId = "hold_bench_" + runId + "_" + holdSeq.incrementAndGet();
        expect(post("/internal/v1/holds",
                "{\"holdId\":\"" + holdId + "\",\"accountId\":\"" + accountId + "\",\"amount\":" + HOLD_AMOUNT + "}"),
                201, "hold");
        expect(post("/internal/v1/holds/" + holdId + "/capture", "{\"amount\":" + CAPTURE_AMOUNT + "}"), 200,
                "capture");
    }

    /** The simplest possible debit: one single-row UPDATE, autocommit. */
    void plainUpdate(Worker w, String accountId) throws SQLException {
        w.update.setBigDecimal(1, new java.math.BigDecimal(CAPTURE_AMOUNT));
        w.update.setString(2, accountId);
        int rows = w.update.executeUpdate();
        if (rows != 1) {
            error("plain UPDATE touched " + rows + " rows for " + accountId);
        }
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(walletUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                // Top-ups record who made them; the other endpoints ignore the header.
                .header("X-Operator", "benchmark")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    void expect(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            error(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    void error(String message) {
        if (errors.getAndIncrement() == 0) {
            firstError = message;
        }
    }

    // ---- workers and phases ------------------------------------------------------------------

    final class Worker {
        final Connection connection;
        final PreparedStatement update;

        Worker() throws SQLException {
            connection = DriverManager.getConnection(jdbcUrl, user, password);
            connection.setAutoCommit(true);
            update = connection.prepareStatement("update plain_wallets set balance = balance - ? where id = ?");
        }
    }

    /**
     * What a case cost, as the difference of two readings: CPU seconds of this client,
     * wallet-service and PostgreSQL (all its processes, from /proc), and the ledger statements the
     * wallet sent with the operations they applied (its batching, from its metrics).
     */
    record Usage(double client, double wallet, double postgres, double statements, double operations) {
        Usage minus(Usage o) {
            return new Usage(client - o.client, wallet - o.wallet, postgres - o.postgres, statements - o.statements,
                    operations - o.operations);
        }

        Usage plus(Usage o) {
            return new Usage(client + o.client, wallet + o.wallet, postgres + o.postgres, statements + o.statements,
                    operations + o.operations);
        }
    }

    /** Usage so far (see {@link Usage}). */
    Usage usage() throws Exception {
        double postgres = 0;
        try (var dirs = java.nio.file.Files.list(java.nio.file.Path.of("/proc"))) {
            for (var dir : dirs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmd = java.nio.file.Files.readString(dir.resolve("cmdline"));
                    if (cmd.startsWith("postgres")) {
                        postgres += processCpu(Long.parseLong(dir.getFileName().toString())) / clockTicks;
                    }
                } catch (java.io.IOException gone) {
                    // the process ended meanwhile
                }
            }
        }
        String metrics = http.send(HttpRequest.newBuilder(URI.create(walletUrl + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new Usage(processCpu(ProcessHandle.current().pid()) / clockTicks,
                walletPid == 0 ? 0 : processCpu(walletPid) / clockTicks, postgres,
                metric(metrics, "wallet_ledger_batch_size_count"), metric(metrics, "wallet_ledger_batch_size_sum"));
    }

    /** utime + stime of a process, in clock ticks. */
    static long processCpu(long pid) throws java.io.IOException {
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    record Result(long ops, double seconds, long[] latenciesNanos, Usage usage) {
        double perSecond() {
            return ops / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(i, latenciesNanos.length - 1))] / 1e6;
        }

        Result plus(Result o) {
            long[] all = Arrays.copyOf(latenciesNanos, latenciesNanos.length + o.latenciesNanos.length);
            System.arraycopy(o.latenciesNanos, 0, all, latenciesNanos.length, o.latenciesNanos.length);
            Arrays.sort(all);
            return new Result(ops + o.ops, seconds + o.seconds, all, usage.plus(o.usage));
        }
    }

    final List<Worker> workers = new ArrayList<>();
    ExecutorService pool;

    /** All threads start together, loop until the deadline, and finish the operation they are in. */
    Result phase(Op op, boolean hot, int durationSeconds) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        long[] deadline = new long[1];
        List<Future<long[]>> futures = new ArrayList<>();
        for (Worker w : workers) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1024];
                int n = 0;
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline[0]) {
                    String account = hot ? HOT : spreadId(random.nextInt(accounts));
                    long t0 = System.nanoTime();
                    try {
                        op.run(w, account);
                    } catch (Exception e) {
                        error(e.toString());
                    }
                    long t1 = System.nanoTime();
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = t1 - t0;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        Usage before = usage();
        long began = System.nanoTime();
        deadline[0] = began + durationSeconds * 1_000_000_000L;
        try {
            start.await();
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException(e);
        }
        long ops = 0;
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            long[] part = f.get();
            ops += part.length;
            parts.add(part);
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        Usage used = usage().minus(before);
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(ops, elapsed, all, used);
    }

    // ---- the run -----------------------------------------------------------------------------

    int run() throws Exception {
        pool = Executors.newFixedThreadPool(threads);
        setUp();
        for (int i = 0; i < threads; i++) {
            workers.add(new Worker());
        }
        Op wallet = this::walletCapture;
        Op plain = this::plainUpdate;

        System.out.printf(Locale.ROOT, "warm-up: %d s of each case (not counted)%n", warmup);
        phase(wallet, false, warmup);
        phase(wallet, true, warmup);
        phase(plain, false, Math.max(1, warmup / 2));
        phase(plain, true, Math.max(1, warmup / 2));

        String[] names = {"hot account     wallet hold+capture", "hot account     plain UPDATE",
                "1,000 accounts  wallet hold+capture", "1,000 accounts  plain UPDATE"};
        names[2] = String.format(Locale.ROOT, "%,d accounts", accounts)
                + " ".repeat(Math.max(1, 16 - String.format(Locale.ROOT, "%,d accounts", accounts).length()))
                + "wallet hold+capture";
        names[3] = names[2].replace("wallet hold+capture", "plain UPDATE");
        Result[] total = new Result[4];
        Result[][] byRound = new Result[rounds][4];
        Map<String, long[]> before = databaseWork();
        for (int r = 1; r <= rounds; r++) {
            for (int c = 0; c < 4; c++) {
                // alternate the order each round: wallet first, then plain first
                int k = (r % 2 == 1) ? c : (c ^ 1);
                boolean hot = k < 2;
                Result result = phase(k % 2 == 0 ? wallet : plain, hot, seconds);
                total[k] = total[k] == null ? result : total[k].plus(result);
                byRound[r - 1][k] = result;
                System.out.printf(Locale.ROOT, "  round %d  %-38s %9.1f ops/s%n", r, names[k], result.perSecond());
            }
        }
        pool.shutdown();
        Map<String, long[]> after = databaseWork();

        System.out.println();
        System.out.printf(Locale.ROOT, "%-38s %10s %9s %9s %9s%n", "case (" + threads + " client threads)", "ops/s",
                "p50 ms", "p99 ms", "ops");
        for (int k = 0; k < 4; k++) {
            System.out.printf(Locale.ROOT, "%-38s %10.1f %9.2f %9.2f %9d%n", names[k], total[k].perSecond(),
                    total[k].percentileMillis(50), total[k].percentileMillis(99), total[k].ops());
        }
        System.out.println();
        System.out.println("where the CPU went (/proc, measured rounds): microseconds of CPU per operation, cores used,");
        System.out.println("and the wallet's batching (operations applied per ledger statement, from its metrics):");
        System.out.printf(Locale.ROOT, "%-38s %9s %9s %11s %9s %7s %9s%n", "case", "client", "wallet", "PostgreSQL",
                "all", "cores", "batching");
        for (int k = 0; k < 4; k++) {
            Usage used = total[k].usage();
            double all = used.client() + used.wallet() + used.postgres();
            long ops = total[k].ops();
            System.out.printf(Locale.ROOT, "%-38s %9.0f %9.0f %11.0f %9.0f %7.2f %9s%n", names[k],
                    1e6 * used.client() / ops, 1e6 * used.wallet() / ops, 1e6 * used.postgres() / ops, 1e6 * all / ops,
                    all / total[k].seconds(),
                    used.statements() == 0 ? "-" : String.format(Locale.ROOT, "%.2f", used.operations() / used.statements()));
        }
        double hotRatio = total[0].perSecond() / total[1].perSecond();
        double spreadRatio = total[2].perSecond() / total[3].perSecond();
        System.out.println();
        System.out.println("ratios (same run, same machine, same PostgreSQL):");
        System.out.printf(Locale.ROOT, "  hot account:     wallet / plain UPDATE = %.3f  (goal >= 0.8; by round: %s)%n",
                hotRatio, roundRatios(byRound, 0, 1));
        System.out.printf(Locale.ROOT, "  %,d accounts:  wallet / plain UPDATE = %.3f  (goal >= 0.5; by round: %s)%n",
                accounts, spreadRatio, roundRatios(byRound, 2, 3));
        System.out.printf(Locale.ROOT, "  wallet spread / wallet hot = %.2f   plain spread / plain hot = %.2f%n",
                total[2].perSecond() / total[0].perSecond(), total[3].perSecond() / total[1].perSecond());

        long walletOps = total[0].ops() + total[2].ops();
        long plainOps = total[1].ops() + total[3].ops();
        System.out.println();
        System.out.println("database work per operation (measured rounds; pg_stat_statements, pg_stat_database):");
        printWork("wallet hold+capture", "wallet", before, after, walletOps);
        printWork("plain UPDATE", "baseline", before, after, plainOps);
        System.out.println("  (goal for the wallet: at most 4 statements and 2 commits per hold+capture)");
        printBatching();

        if (showSql) {
            printStatements(walletOps);
        }

        int status = check(walletOps);
        for (Worker w : workers) {
            w.connection.close();
        }
        return status;
    }

    /** Opens and funds the wallets (through the wallet's own top-up API) and the plain table. */
    void setUp() throws Exception {
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        ids.add(HOT);
        for (int i = 0; i < accounts; i++) {
            ids.add(spreadId(i));
        }
        List<Future<?>> futures = new ArrayList<>();
        for (String id : ids) {
            String amount = id.equals(HOT) ? "1000000000" : "1000000";
            futures.add(pool.submit(() -> {
                expect(post("/internal/v1/wallets/" + id + "/top-ups",
                        "{\"amount\":" + amount + ",\"reference\":\"bench-" + runId + "-" + id + "\"}"), 201, "top-up");
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            s.execute("drop table if exists plain_wallets");
            s.execute("create table plain_wallets (id varchar(64) primary key, balance numeric(20,6) not null)");
            try (PreparedStatement insert = c.prepareStatement("insert into plain_wallets values (?, ?)")) {
                for (String id : ids) {
                    insert.setString(1, id);
                    insert.setBigDecimal(2, new java.math.BigDecimal(id.equals(HOT) ? "1000000000" : "1000000"));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            s.execute("vacuum analyze plain_wallets");
            s.execute("create extension if not exists pg_stat_statements");
        }
        // Both sides start from analysed tables, as a ledger in service is: plans made from the
        // empty tables' estimates (sequential scans) would otherwise be measured until autovacuum's
        // first pass, a minute or more into the run.
        try (Connection c = DriverManager.getConnection(jdbcUrl.replaceFirst("/baseline$", "/wallet"), user, password);
                Statement s = c.createStatement()) {
            s.execute("vacuum analyze");
        }
        if (errors.get() > 0) {
            throw new IllegalStateException("set-up failed: " + firstError);
        }
        System.out.printf(Locale.ROOT, "set-up: %,d wallets opened and funded through the top-up API, "
                + "plain_wallets filled, in %.1f s%n", ids.size(), (System.nanoTime() - t0) / 1e9);
    }

    static String roundRatios(Result[][] byRound, int a, int b) {
        List<String> ratios = new ArrayList<>();
        for (Result[] round : byRound) {
            ratios.add(String.format(Locale.ROOT, "%.3f", round[a].perSecond() / round[b].perSecond()));
        }
        return String.join(", ", ratios);
    }

    /** Per database: statements executed (pg_stat_statements) and transactions committed. */
    Map<String, long[]> databaseWork() throws Exception {
        // A backend reports to pg_stat_database at most once a second while busy, and within 10 s
        // once idle: wait for the last report of the idle pool connections.
        Thread.sleep(11_000);
        Map<String, long[]> work = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("""
                    select d.datname, coalesce((select sum(calls) from pg_stat_statements p where p.dbid = d.datid and p.toplevel), 0),
                           d.xact_commit, d.xact_rollback
                    from pg_stat_database d where d.datname in ('wallet', 'baseline')""");
            while (rs.next()) {
                work.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        return work;
    }

    /** The largest batch the wallet applied lately (its metrics keep the maximum of the last minutes). */
    void printBatching() throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(walletUrl + "/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        System.out.printf(Locale.ROOT, "  wallet batching: per case above; largest batch of the last minutes %.0f operations%n",
                metric(metrics, "wallet_ledger_batch_size_max"));
    }

    static double metric(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /**
     * The wallet's statements by total execution time (set-up and warm-up included), those its
     * triggers run included (run.sh starts PostgreSQL with pg_stat_statements.track=all and
     * track_planning when SHOW_SQL=1): calls, plans made, mean time of one plan and of one execution.
     */
    void printStatements(long walletOps) throws SQLException {
        System.out.println();
        System.out.println("wallet-service statements by total time (set-up and warm-up included; nested: run by a trigger or function):");
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
                Statement s = c.createStatement()) {
            var rs = s.executeQuery("""
                    select calls, plans, mean_plan_time, mean_exec_time, total_plan_time + total_exec_time, toplevel,
                           regexp_replace(query, '\\s+', ' ', 'g')
                    from pg_stat_statements p join pg_database d on d.oid = p.dbid
                    where d.datname = 'wallet' order by total_plan_time + total_exec_time desc limit 25""");
            System.out.printf(Locale.ROOT, "  %9s %9s %9s %9s %10s  %s%n", "calls", "plans", "plan ms", "exec ms",
                    "total s", "statement");
            while (rs.next()) {
                String q = (rs.getBoolean(6) ? "" : "(nested) ") + rs.getString(7);
                System.out.printf(Locale.ROOT, "  %9d %9d %9.3f %9.3f %10.1f  %s%n", rs.getLong(1), rs.getLong(2),
                        rs.getDouble(3), rs.getDouble(4), rs.getDouble(5) / 1000,
                        q.length() > 130 ? q.substring(0, 130) + "…" : q);
            }
        }
    }

    static void printWork(String name, String db, Map<String, long[]> before, Map<String, long[]> after, long ops) {
        long[] b = before.get(db);
        long[] a = after.get(db);
        System.out.printf(Locale.ROOT, "  %-20s %6.1f SQL statements, %5.2f commits, %5.2f rollbacks  (database %s)%n",
                name, (a[0] - b[0]) / (double) ops, (a[1] - b[1]) / (double) ops, (a[2] - b[2]) / (double) ops, db);
    }

    /** Every request answered as expected, and nothing is left held on the hot wallet. */
    int check(long walletOps) throws Exception {
        HttpResponse<String> hot = http.send(HttpRequest.newBuilder(URI.create(walletUrl + "/v1/wallet"))
                .header("X-Account-Id", HOT).header("X-Environment", "live").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        System.out.println();
        System.out.println("check: hot wallet after the run: " + hot.body());
        if (!hot.body().matches("(?s).*\"held\":0(\\.0+)?[,}].*")) {
            error("the hot wallet still holds money after every capture finished: " + hot.body());
        }
        if (errors.get() > 0) {
            System.out.println("FAILED: " + errors.get() + " unexpected answers; first: " + firstError);
            return 1;
        }
        System.out.printf(Locale.ROOT, "check: %,d holds placed and captured, every answer as expected%n", walletOps);
        return 0;
    }
}
