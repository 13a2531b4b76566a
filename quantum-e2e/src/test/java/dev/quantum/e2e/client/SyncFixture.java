package dev.quantum.e2e.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A real server and real clients on temp folders, stopped after each test; their logs end up in the test output. */
abstract class SyncFixture {

    @TempDir
    Path dir;
    ServerProcess server;
    final List<ClientProcess> clients = new ArrayList<>();

    ServerProcess server() throws IOException {
        server = ServerProcess.start(dir.resolve("server-root"), dir);
        return server;
    }

    ClientProcess client(String name, String... options) throws IOException {
        ClientProcess client = ClientProcess.start(server, dir.resolve(name), dir, options);
        clients.add(client);
        return client;
    }

    /** Waits until every folder holds the same tree (paths and bytes). */
    void awaitIdentical(Path... roots) {
        Wait.until("identical folders " + Arrays.toString(roots), Duration.ofSeconds(60), () -> {
            Map<String, String> first = Folders.snapshot(roots[0]);
            return Arrays.stream(roots).allMatch(r -> Folders.snapshot(r).equals(first));
        }, () -> Arrays.stream(roots).map(r -> r + ": " + Folders.snapshot(r)).collect(Collectors.joining("\n"))
                + "\n" + logs());
    }

    String logs() {
        StringBuilder out = new StringBuilder();
        for (ClientProcess c : clients) {
            out.append("---- ").append(c.log.getFileName()).append('\n').append(c.logTail()).append('\n');
        }
        if (server != null) {
            out.append("---- server\n").append(server.logTail()).append('\n');
        }
        return out.toString();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        System.out.println(logs());
        for (ClientProcess c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
