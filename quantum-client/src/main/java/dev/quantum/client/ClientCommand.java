package dev.quantum.client;

import dev.quantum.client.remote.ServerAddress;
import dev.quantum.client.remote.TrustedCertificates;
import dev.quantum.client.sync.SyncSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/** The command line of {@code realtime-sync-client}; validates every option before anything runs. */
@Command(name = "realtime-sync-client", mixinStandardHelpOptions = true, versionProvider = ClientCommand.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Keeps a local folder identical to a Quantum server's files: local changes are uploaded "
                + "within milliseconds, remote ones applied as they are pushed (--realtime) or polled.",
        footer = {"", "Exit status: 0 in sync (--once), 1 failed, 2 bad arguments, 3 stopped for safety.",
                "Logging: QUANTUM_LOG=debug|info|warn|error (RUST_LOG works too)."})
final class ClientCommand implements Callable<Integer> {

    @Option(names = "--server", required = true, paramLabel = "URL",
            description = "Server URL: http(s)://host:port or ws(s)://host:port[/ws].")
    String server;

    @Option(names = "--local-path", required = true, paramLabel = "DIR", description = "The folder to keep in sync (created if missing).")
    Path localPath;

    @Option(names = {"-r", "--realtime"}, description = "Apply remote changes as the server pushes them over /ws.")
    boolean realtime;

    @Option(names = "--initial-sync", description = "Compare everything with the server's full listing at start "
            + "(always done on a first run): download what only the server has, upload what only DIR has.")
    boolean initialSync;

    @Option(names = "--client-id", paramLabel = "ID", description = "This client's id (default: generated once and remembered).")
    String clientId;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "30s",
            description = "How often to poll for remote changes while not subscribed, e.g. 500ms, 30s, 2m (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = "--once", description = "Sync once, then exit: 0 when everything is in sync, non-zero with the reason otherwise.")
    boolean once;

    @Option(names = "--allow-mass-delete", description = "Let local deletions remove any share of the files on the server.")
    boolean allowMassDelete;

    @Option(names = "--max-delete-share", paramLabel = "SHARE", defaultValue = "50%",
            description = "Largest share of the synced files a scan may delete on the server without --allow-mass-delete, "
                    + "as 0.5 or 50%% (default: 50%%; applies from 10 synced files).")
    String maxDeleteShare;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Sent as 'Authorization: Bearer TOKEN'.")
    String token;

    @Option(names = "--ca-cert", paramLabel = "FILE",
            description = "Trust the TLS certificates in this PEM file (a private CA, or a server's internal certificate)"
                    + " instead of the system's CAs.")
    Path caCert;

    @Option(names = "--transfers", paramLabel = "N", defaultValue = "8", description = "Parallel uploads and downloads (default: ${DEFAULT-VALUE}).")
    int transfers;

    @Override
    public Integer call() throws Exception {
        ServerAddress address = ServerAddress.parse(server);
        Duration every = Durations.parse(interval);
        double share = share(maxDeleteShare);
        if (clientId != null) {
            validClientId(clientId);
        }
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw new IllegalArgumentException("--token must be printable ASCII without spaces");
        }
        if (transfers < 1 || transfers > 64) {
            throw new IllegalArgumentException("--transfers must be between 1 and 64, got " + transfers);
        }
        Optional<SSLContext> trust = Optional.ofNullable(caCert).map(TrustedCertificates::load);
        SyncSettings settings = new SyncSettings(clientId == null ? "" : clientId, realtime, every, initialSync,
                allowMassDelete, share, 10, transfers, Duration.ofMillis(5), Duration.ofMillis(200),
                Duration.ofMillis(200));
        return new ClientRun(address, localPath, settings, clientId != null, once, Optional.ofNullable(token),
                trust, Version.number()).call();
    }

    static void validClientId(String id) {
        if (id.isEmpty() || id.length() > 128 || id.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("--client-id must be 1 to 128 printable ASCII characters without spaces, got '" + id + "'");
        }
    }

    static double share(String text) {
        String s = text.strip();
        double value;
        try {
            value = s.endsWith("%") ? Double.parseDouble(s.substring(0, s.length() - 1)) / 100 : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-delete-share must be a share like 0.5 or 50%, got '" + text + "'");
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("--max-delete-share must be between 0 and 100%, got '" + text + "'");
        }
        return value;
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"realtime-sync-client " + number()};
        }

        static String number() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "development build" : v;
        }
    }
}
