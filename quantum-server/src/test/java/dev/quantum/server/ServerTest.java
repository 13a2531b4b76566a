package dev.quantum.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests against a real server: each test gets a fresh temporary {@link #root} and a
 * {@link TestServer} over it, started before the test and closed after it (also when
 * the test replaced it, e.g. with {@link TestServer#restart()}).
 */
abstract class ServerTest {

    @TempDir
    Path root;
    TestServer server;

    /** Extra {@code file_sync} fields for every test's server, e.g. {@code "enable_upload": false}; none by default. */
    String fileSyncOptions() {
        return "";
    }

    @BeforeEach
    void startServer() throws Exception {
        server = TestServer.start(root, fileSyncOptions());
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }
}
