package dev.quantum.e2e.browser;

import dev.quantum.server.QuantumServer;
import dev.quantum.server.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A real Quantum server in this JVM with the embedded default configuration (file_sync
 * for every path, so the browser view is at {@code /}) on a loopback port and a given
 * root. It can be stopped and started again on the same port with the same root, as a
 * person restarting the server would. Not thread-safe: one test drives it.
 */
final class QuantumInstance implements AutoCloseable {

    private final Path root;
    private int port;
    private QuantumServer server;

    private QuantumInstance(Path root) {
        this.root = root;
    }

    /** Starts a server for {@code root} on a free loopback port. */
    static QuantumInstance start(Path root) {
        QuantumInstance instance = new QuantumInstance(root);
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
            server = QuantumServer.start(ConfigLoader.embeddedDefault("127.0.0.1:" + listenPort, root.toString()),
                    Clock.systemUTC());
        } catch (Exception e) {
            throw new IllegalStateException("could not start the server on port " + listenPort + " for " + root, e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
