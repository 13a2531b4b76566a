package dev.quantum.server.ws;

import dev.quantum.core.FileMetadata;
import dev.quantum.core.Operation;
import dev.quantum.core.RelativePath;
import dev.quantum.testkit.FakeClock;
import dev.quantum.testkit.WsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A hub on an in-memory change feed behind a real Jetty server on loopback, with its clients; close() stops all. */
final class HubFixture implements AutoCloseable {

    final MemoryChangeFeed feed = new MemoryChangeFeed();
    final FakeClock clock = new FakeClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<AutoCloseable> open = new ArrayList<>();
    WebSocketHub hub;
    Server server;
    URI ws;

    HubFixture start(HubSettings settings) throws Exception {
        hub = new WebSocketHub(feed, settings, clock, registry);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        hub.install(server);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                return Request.getPathInContext(request).equals("/ws") && hub.handle(request, response, callback);
            }
        });
        server.start();
        ws = URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/ws");
        return this;
    }

    /** Closes {@code c} with the fixture. */
    <T extends AutoCloseable> T closeLater(T c) {
        open.add(c);
        return c;
    }

    WsTestClient client() throws Exception {
        WsTestClient c = WsTestClient.connect(ws);
        open.add(c);
        return c;
    }

    static Operation create(String path) {
        return new Operation.Create(FileMetadata.file(RelativePath.of(path), 1, Instant.EPOCH, "0".repeat(64)));
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (server != null) {
            server.stop();
        }
    }
}
