package io.mindmesh.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout's root and its fetched infrastructure ({@code .local/infra}) are. */
public final class Checkout {

    private Checkout() {
    }

    public static Path root() {
        String configured = System.getProperty("mindmesh.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".mvn"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Cannot find the checkout root (the folder with .mvn)");
        }
        return dir;
    }

    public static Path infra() {
        return root().resolve(".local/infra");
    }

    /** The consumer-driven contracts: written by the consumers' tests, verified by the providers' (contracts/README.md). */
    public static Path pacts() {
        return root().resolve("contracts/pacts");
    }
}
