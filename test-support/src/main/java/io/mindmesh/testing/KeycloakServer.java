package io.mindmesh.testing;

import io.restassured.RestAssured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak server with the project's realm ({@code deploy/local/keycloak/mindmesh-realm.json}),
 * started once per JVM from the distribution that {@code bin/platform fetch} puts under
 * {@code .local/infra}. Each run works on a hard-linked copy, so the realm is imported fresh and
 * a local platform running at the same time is not disturbed.
 */
public final class KeycloakServer {

    public static final String REALM = "mindmesh";
    public static final String OPERATOR = "operator";

    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static KeycloakServer shared;

    private final Process process;
    private final int port;
    private final Path folder;

    private KeycloakServer(Process process, int port, Path folder) {
        this.process = process;
        this.port = port;
        this.folder = folder;
    }

    public static synchronized KeycloakServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "keycloak-stop"));
        }
        return shared;
    }

    private static KeycloakServer start() {
        try {
            Path folder = Files.createTempDirectory("mindmesh-kc-");
            Path instance = folder.resolve("keycloak");
            Processes.run(List.of("cp", "-al", distribution().toString(), instance.toString()));
            Path imports = Files.createDirectories(instance.resolve("data/import"));
            Files.copy(Checkout.root().resolve("deploy/local/keycloak/mindmesh-realm.json"),
                    imports.resolve("mindmesh-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            int port = Ports.free();
            ProcessBuilder builder = new ProcessBuilder(instance.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host", "127.0.0.1", "--http-port", String.valueOf(port),
                    "--http-management-port", String.valueOf(Ports.free()), "--import-realm")
                    .redirectErrorStream(true)
                    .redirectOutput(instance.resolve("keycloak.log").toFile());
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
            KeycloakServer server = new KeycloakServer(builder.start(), port, folder);
            server.awaitReady(instance.resolve("keycloak.log"));
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start Keycloak", e);
        }
    }

    private static Path distribution() throws IOException {
        Path infra = Checkout.infra();
        try (Stream<Path> entries = Files.isDirectory(infra) ? Files.list(infra) : Stream.empty()) {
            return entries.filter(p -> p.getFileName().toString().startsWith("keycloak-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "Keycloak is not fetched yet under " + infra + ": run bin/platform fetch"));
        }
    }

    private void awaitReady(Path log) {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start-up; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                        URI.create(realmUrl() + "/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            sleep();
        }
        throw new IllegalStateException("Keycloak was not ready within " + STARTUP + "; see " + log);
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops Keycloak and deletes its copy, once it has exited (it writes its H2 files until then). */
    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Processes.run(List.of("rm", "-rf", folder.toString()));
    }

    public String realmUrl() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    /** An access token for a realm user, through the public {@code mindmesh-cli} client. */
    public String userToken(String username, String password) {
        return RestAssured.given().formParam("grant_type", "password").formParam("client_id", "mindmesh-cli")
                .formParam("username", username).formParam("password", password)
                .post(realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }

    /** The local operator's token (realm role {@code operator}). */
    public String operatorToken() {
        return userToken(OPERATOR, OPERATOR);
    }

    /** The realm's local secret of a service's Keycloak client (deploy/local/keycloak/mindmesh-realm.json). */
    public static String clientSecret(String clientId) {
        return clientId + "-local-secret";
    }

    /** A client-credentials token of one of the services' confidential clients. */
    public String serviceToken(String clientId) {
        return RestAssured.given().formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", clientSecret(clientId))
                .post(realmUrl() + "/protocol/openid-connect/token")
                .then().statusCode(200).extract().path("access_token");
    }
}
