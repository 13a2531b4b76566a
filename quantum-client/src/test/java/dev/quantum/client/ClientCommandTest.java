package dev.quantum.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientCommandTest {

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void bad_options_get_one_line_and_status_2() {
        Run[] runs = {
            run("--local-path", dir.toString()),
            run("--server", "gopher://x", "--local-path", dir.toString()),
            run("--server", "http://127.0.0.1:1", "--local-path", dir.toString(), "--interval", "never"),
            run("--server", "http://127.0.0.1:1", "--local-path", dir.toString(), "--max-delete-share", "150%"),
            run("--server", "http://127.0.0.1:1", "--local-path", dir.toString(), "--client-id", "has space"),
            run("--server", "http://127.0.0.1:1", "--local-path", dir.toString(), "--transfers", "0"),
            run("--server", "http://127.0.0.1:1", "--local-path", dir.toString(), "--bogus"),
            run("--server", "https://127.0.0.1:1", "--local-path", dir.toString(), "--ca-cert", dir.resolve("none.pem").toString()),
            run("--server", "https://127.0.0.1:1", "--local-path", dir.toString(), "--ca-cert", notPem()),
        };
        for (Run r : runs) {
            assertThat(r.status()).as(r.err()).isEqualTo(2);
            assertThat(r.err().strip()).startsWith("realtime-sync-client: ").doesNotContain("\n");
        }
        assertThat(runs[0].err()).contains("--server");
        assertThat(runs[1].err()).contains("must start with http://");
        assertThat(runs[2].err()).contains("not a duration: 'never'");
        assertThat(runs[3].err()).contains("between 0 and 100%");
        assertThat(runs[4].err()).contains("--client-id");
        assertThat(runs[5].err()).contains("--transfers");
        assertThat(runs[6].err()).contains("--bogus");
        assertThat(runs[7].err()).contains("--ca-cert: no such file: " + dir.resolve("none.pem"));
        assertThat(runs[8].err()).contains("--ca-cert: ").contains("not-a-cert.pem");
    }

    private String notPem() {
        try {
            return java.nio.file.Files.writeString(dir.resolve("not-a-cert.pem"), "hello").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void a_local_path_that_is_a_file_is_refused() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("file"), "x");

        Run r = run("--server", "http://127.0.0.1:1", "--local-path", file.toString(), "--once");

        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("not a folder");
    }

    @Test
    void a_folder_synced_by_another_client_is_refused() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve(".quantum"));
        try (var channel = java.nio.channels.FileChannel.open(dir.resolve(".quantum/client.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var lock = channel.lock()) {

            Run r = run("--server", "http://127.0.0.1:1", "--local-path", dir.toString(), "--once");

            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).contains("another realtime-sync-client is already syncing");
        }
    }

    @Test
    void prints_help_and_version() {
        Run help = run("--help");
        assertThat(help.out()).contains("--server=URL", "--local-path=DIR", "-r, --realtime", "Exit status", "(default: 50%;");
        assertThat(help.err()).isEmpty();
        assertThat(run("--version").out()).startsWith("realtime-sync-client ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"0.5, 0.5", "50%, 0.5", "0, 0", "100%, 1", "0.25, 0.25"})
    void reads_delete_shares(String text, double share) {
        assertThat(ClientCommand.share(text)).isEqualTo(share);
    }

    @Test
    void refuses_odd_delete_shares() {
        assertThatThrownBy(() -> ClientCommand.share("half")).hasMessageContaining("like 0.5 or 50%");
        assertThatThrownBy(() -> ClientCommand.share("1.5")).hasMessageContaining("between 0 and 100%");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"debug, DEBUG", "info, INFO", "WARN, WARN", "error, ERROR", "'info,hyper=warn', INFO",
            "realtime_sync_client=debug, DEBUG", "nonsense, INFO", "trace, DEBUG"})
    void reads_the_log_level_like_rust_log(String spec, String level) {
        assertThat(Logging.level(spec)).isEqualTo(Level.toLevel(level));
    }

    @Test
    void generated_client_ids_are_short_and_safe() {
        String id = ClientRun.newClientId();
        assertThat(id).hasSize(10).matches("[a-z2-9]+");
        assertThat(ClientRun.newClientId()).isNotEqualTo(id);
    }
}
