package dev.quantum.e2e.browser;

import dev.quantum.server.QuantumServer;
import dev.quantum.server.config.ConfigLoader;
import dev.quantum.server.config.QuantumConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * A real Quantum server in this JVM on a loopback port with a given root, by default with
 * the embedded configuration (file_sync for every path, so the browser view is at {@code /}). It can be stopped and started again on the same port with the same root, as a
 * person restarting the server would. Not thread-safe: one test drives it.
 */
final class QuantumInstance implements AutoCloseable {

    private final Path root;
    private final Function<String, QuantumConfig> config;
    private int port;
    private QuantumServer server;

    private QuantumInstance(Path root, Function<String, QuantumConfig> config) {
        this.root = root;
        this.config = config;
    }

    /** Starts a server with the embedded default configuration for {@code root} on a free loopback port. */
    static QuantumInstance start(Path root) {
        return start(root, listen -> ConfigLoader.embeddedDefault(listen, root.toString()));
    }

    /** Starts a server from {@code config(listen)}, where {@code listen} is a loopback address like "127.0.0.1:0". */
    static QuantumInstance start(Path root, Function<String, QuantumConfig> config) {
        QuantumInstance instance = new QuantumInstance(root, config);
        instance.startOn(0);
        instance.port = instance.server.uris().getFirst().getPort();
        return instance;
    }

    /** The address a browser uses; {@code localhost} so that the page and /ws share one origin. */
    String baseUrl() {
        return "http://localhost:" + port;
    }

    int port() {
        return port;
    }

    /** Stops the server as a shutdown would; the root and its change log stay on disk. */
    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the server again on the same port with the same root. */
    void startAgain() {
        startOn(port);
    }

    private void startOn(int listenPort) {
        try {
            server = QuantumServer.start(config.apply("127.0.0.1:" + listenPort), Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the server on port " + listenPort + " for " + root, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
