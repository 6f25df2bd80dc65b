package io.mindmesh.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from the machine's Debian packages, started once per JVM on a free
 * port in a throw-away data directory and stopped when the JVM exits. PostgreSQL refuses to run
 * as root, so under root the server runs as the {@code postgres} system user.
 */
public final class PostgresServer {

    public static final String USER = "mindmesh";
    public static final String PASSWORD = "mindmesh";

    private static PostgresServer shared;

    private final Path binaries;
    private final Path dataDir;
    private final int port;

    private PostgresServer(Path binaries, Path dataDir, int port) {
        this.binaries = binaries;
        this.dataDir = dataDir;
        this.port = port;
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
        }
        return shared;
    }

    private static PostgresServer start() {
        try {
            Path dataDir = Files.createTempDirectory("mindmesh-pg-");
            PostgresServer server = new PostgresServer(findBinaries(), dataDir, Ports.free());
            server.initAndStart();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start PostgreSQL", e);
        }
    }

    private void initAndStart() throws IOException {
        Path pwFile = dataDir.resolve("pw");
        Path data = dataDir.resolve("data");
        Files.writeString(pwFile, PASSWORD);
        if (Processes.runningAsRoot()) {
            Processes.run(List.of("chown", "-R", "postgres:postgres", dataDir.toString()));
        }
        run(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--pwfile=" + pwFile,
                "-A", "scram-sha-256", "-E", "UTF8", "--no-sync");
        run(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
                "-l", dataDir.resolve("postgres.log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dataDir
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                "start");
    }

    private void run(String... command) {
        List<String> cmd = new ArrayList<>();
        if (Processes.runningAsRoot()) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(List.of(command));
        Processes.run(cmd);
    }

    private void stop() {
        run(binaries.resolve("pg_ctl").toString(), "-D", dataDir.resolve("data").toString(), "-m", "immediate",
                "stop");
        Processes.run(List.of("rm", "-rf", dataDir.toString()));
    }

    /** Creates the database if it does not exist yet and returns its JDBC URL. */
    public synchronized String database(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, PASSWORD);
                var exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                try (var create = c.createStatement()) {
                    create.execute("create database \"" + name + "\"");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return jdbcUrl(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    private static Path findBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("PostgreSQL is not installed: apt-get install -y postgresql");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries under " + root));
        }
    }
}
