package dev.quantum.e2e.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged command: --once, --help and the one-line reasons for bad arguments. */
class CommandLineTest extends SyncFixture {

    record Result(int status, String output) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run-", ".log");
        Process p = Launch.start(Launch.java(Launch.jar("quantum.client.jar", "quantum-client"), List.of(args)), log);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish: " + Launch.tail(log, 20));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    @Test
    void once_syncs_both_ways_and_exits_zero() throws Exception {
        server();
        Folders.write(server.root, "on-server.txt", "s");
        Folders.write(dir.resolve("a"), "local/only.txt", "l");

        Result result = run("--server", server.url(), "--local-path", dir.resolve("a").toString(), "--once");

        assertThat(result.status()).as(result.output()).isZero();
        assertThat(Folders.read(dir.resolve("a"), "on-server.txt")).isEqualTo("s");
        awaitIdentical(dir.resolve("a"), server.root);
    }

    @Test
    void once_without_a_server_fails_with_the_reason() throws Exception {
        int port = Launch.freePort();

        Result result = run("--server", "http://127.0.0.1:" + port, "--local-path", dir.resolve("a").toString(), "--once");

        assertThat(result.status()).isEqualTo(1);
        assertThat(result.output()).contains("Cannot sync").contains("cannot reach the server");
    }

    @Test
    void bad_arguments_get_a_one_line_reason() throws Exception {
        Result scheme = run("--server", "ftp://host", "--local-path", dir.toString());
        Result interval = run("--server", "http://127.0.0.1:1", "--local-path", dir.toString(), "--interval", "soon");
        Result missing = run("--local-path", dir.toString());

        assertThat(scheme.status()).isEqualTo(2);
        assertThat(scheme.output().strip()).doesNotContain("\n").contains("must start with http://, https://, ws:// or wss://");
        assertThat(interval.status()).isEqualTo(2);
        assertThat(interval.output().strip()).doesNotContain("\n").contains("not a duration: 'soon'");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.output().strip()).doesNotContain("\n").contains("--server");
    }

    @Test
    void help_lists_the_options() throws Exception {
        Result help = run("--help");

        assertThat(help.status()).isZero();
        assertThat(help.output()).contains("--server", "--local-path", "--realtime", "--initial-sync", "--client-id",
                "--interval", "--once", "--allow-mass-delete", "--token");
    }
}
