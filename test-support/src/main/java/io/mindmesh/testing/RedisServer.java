package io.mindmesh.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Redis server from the machine's Debian package, started once per JVM on a free port,
 * without persistence. Tests about Redis outages can {@link #stop()} and {@link #restart()} it on
 * the same port.
 */
public final class RedisServer {

    private static RedisServer shared;

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    public static synchronized RedisServer shared() {
        if (shared == null) {
            shared = new RedisServer(Ports.free());
            shared.restart();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "redis-stop"));
        }
        return shared;
    }

    public synchronized void restart() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start redis-server: apt-get install -y redis-server", e);
        }
        awaitListening();
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("Redis did not listen on port " + port);
    }
}
