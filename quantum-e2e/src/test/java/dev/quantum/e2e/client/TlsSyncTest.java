package dev.quantum.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real clients syncing over HTTPS and wss:// with a server's own certificate, trusted with --ca-cert. */
class TlsSyncTest extends SyncFixture {

    @Test
    void clients_trusting_the_servers_certificate_sync_in_real_time_and_others_are_refused() throws Exception {
        server = ServerProcess.startWithTls(dir.resolve("server-root"), dir);
        String trust = server.certificate().toString();
        ClientProcess a = client("a", "--realtime", "--ca-cert", trust);
        ClientProcess b = client("b", "--realtime", "--ca-cert", trust);

        Folders.write(a.folder, "secure/hello.txt", "over TLS");
        awaitIdentical(a.folder, server.root, b.folder);
        assertThat(Files.readString(b.folder.resolve("secure/hello.txt"))).isEqualTo("over TLS");

        Path stranger = Files.createDirectories(dir.resolve("stranger"));
        Path log = dir.resolve("stranger.log");
        Process untrusting = Launch.start(Launch.java(Launch.jar("quantum.client.jar", "quantum-client"),
                List.of("--server", server.url(), "--local-path", stranger.toString(), "--once")), log);
        assertThat(untrusting.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(untrusting.exitValue()).isEqualTo(1);
        assertThat(Files.readString(log)).contains("PKIX path building failed");
        assertThat(Files.exists(stranger.resolve("secure"))).isFalse();
    }
}
