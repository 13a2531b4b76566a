package dev.quantum.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.quantum.testkit.TempFiles;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code quantum} command as a real process: arguments, errors, signals. */
class ProcessTest {

    @TempDir
    Path dir;

    @Test
    void help_and_version_exit_zero() throws Exception {
        ServerProcess.Result help = ServerProcess.run(dir, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.output()).contains("--config", "QUANTUM_LOG");
        ServerProcess.Result version = ServerProcess.run(dir, "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("quantum ");
    }

    @Test
    void bad_arguments_and_configs_fail_with_one_line() throws Exception {
        assertOneLineFailure(ServerProcess.run(dir, "--bogus"), 2, "quantum: Unknown option: '--bogus' (see quantum --help)");
        assertOneLineFailure(ServerProcess.run(dir, "--config", "missing.json"), 1,
                "quantum: cannot read config file missing.json: no such file");
        Files.writeString(dir.resolve("bad.json"), "{\"routes\":[{\"handle\":[{\"handler\":\"file_sync\"}]}]}");
        assertOneLineFailure(ServerProcess.run(dir, "--config", "bad.json"), 1, "quantum: routes[0].handle[0].root: required");
        assertOneLineFailure(ServerProcess.run(dir, "--config", "bad.json", "--root", "x"), 2,
                "quantum: --root and --listen apply only without --config (see quantum --help)");
        assertOneLineFailure(ServerProcess.run(dir, "--listen", "nonsense"), 2,
                "quantum: --listen: expected HOST:PORT or :PORT, got 'nonsense' (see quantum --help)");
        Files.writeString(dir.resolve("a-file"), "x");
        assertOneLineFailure(ServerProcess.run(dir, "--root", "a-file", "--listen", "127.0.0.1:0"), 1,
                "quantum: cannot use " + dir.toAbsolutePath().resolve("a-file") + " as a sync root: it is not a folder");
    }

    private static void assertOneLineFailure(ServerProcess.Result result, int code, String line) {
        assertThat(result.exitCode()).isEqualTo(code);
        assertThat(result.output().strip()).isEqualTo(line);
    }

    @Test
    void sigkill_in_the_middle_of_an_upload_leaves_no_partial_file() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "--listen", "127.0.0.1:0")) {
            URI base = server.awaitListening();
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /api/files/big.bin HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[1_000_000]);
                out.flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> !tempFiles().isEmpty());
                server.process().destroyForcibly();
                assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(dir.resolve("sync-data/big.bin")).doesNotExist();
        try (TestServer restarted = TestServer.start(dir.resolve("sync-data"))) {
            assertThat(restarted.get("/api/list").body()).isEqualTo("[]");
            assertThat(tempFiles()).isEmpty();
        }
    }

    @Test
    void sigterm_lets_an_upload_in_flight_finish_then_exits() throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, "--listen", "127.0.0.1:0")) {
            URI base = server.awaitListening();
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /api/files/whole.bin HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(new byte[1_000_000]);
                out.flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> !tempFiles().isEmpty());
                server.process().destroy();
                for (int i = 0; i < 100; i++) {
                    out.write(new byte[10_000]);
                    out.flush();
                    Thread.sleep(10);
                }
                InputStream in = socket.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(status).isEqualTo("HTTP/1.1 201");
            }
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.output().stream().anyMatch(l -> l.contains("stopped")));
        }
        assertThat(Files.size(dir.resolve("sync-data/whole.bin"))).isEqualTo(2_000_000);
    }

    private java.util.List<Path> tempFiles() {
        return TempFiles.in(dir.resolve("sync-data/.quantum/tmp"));
    }
}
