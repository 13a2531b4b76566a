package dev.quantum.server;

import dev.quantum.server.config.ConfigException;
import dev.quantum.server.config.ConfigLoader;
import dev.quantum.server.config.ListenAddress;
import dev.quantum.server.config.QuantumConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quantum}: starts the server from a Caddy-style JSON config, or, without one, on
 * the embedded default ({@code :8080}, root {@code ./sync-data}, API, /ws and web UI).
 * Stops gracefully on SIGINT/SIGTERM.
 */
@Command(name = "quantum", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = {"Quantum real-time file sync server.",
            "Without --config: serves ./sync-data on :8080 (API at /api, WebSocket at /ws, web UI at /).",
            "Log level: QUANTUM_LOG=debug|info|warn|error (RUST_LOG works too)."})
public final class Main implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Caddy-style JSON config file")
    Path config;

    @Option(names = "--root", paramLabel = "DIR", description = "folder to serve without --config (default: ${DEFAULT-VALUE})",
            defaultValue = "./sync-data")
    String root;

    @Option(names = "--listen", paramLabel = "ADDR", description = "address without --config (default: ${DEFAULT-VALUE})",
            defaultValue = ":8080")
    String listen;

    public static void main(String[] args) {
        Logging.configure(System.getenv()).ifPresent(w -> System.err.println("quantum: " + w));
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((e, a) -> {
            System.err.println("quantum: " + e.getMessage() + " (see quantum --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println("quantum: " + describe(e));
            return 1;
        });
        int code = cli.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (config != null && (parsed.hasMatchedOption("--root") || parsed.hasMatchedOption("--listen"))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--root and --listen apply only without --config");
        }
        if (config == null) {
            try {
                ListenAddress.parse(listen);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--listen: " + e.getMessage());
            }
        }
        QuantumConfig quantum = config != null ? ConfigLoader.load(config) : ConfigLoader.embeddedDefault(listen, root);
        Logger log = LoggerFactory.getLogger(Main.class);
        QuantumServer server = QuantumServer.start(quantum, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping (waiting up to {} for requests in flight)", dev.quantum.server.config.Units.formatDuration(quantum.gracePeriod()));
            server.close();
            log.info("stopped");
        }, "shutdown"));
        String roots = server.stores().keySet().stream().map(Path::toString).collect(Collectors.joining(", "));
        String urls = server.uris().stream().map(URI::toString).collect(Collectors.joining(", "));
        log.info("Quantum {} listening on {} serving {}", Version.current(), urls, roots.isEmpty() ? "(no file_sync root)" : roots);
        server.join();
        return 0;
    }

    private static String describe(Exception e) {
        Throwable t = e;
        String bindTarget = null;
        while (t.getCause() != null && !(t instanceof ConfigException) && !(t instanceof BindException)) {
            if (t.getMessage() != null && t.getMessage().startsWith("Failed to bind to ")) {
                bindTarget = t.getMessage().substring("Failed to bind to ".length()).replaceFirst("^[^/]*/", "");
            }
            t = t.getCause();
        }
        if (t instanceof ConfigException) {
            return t.getMessage();
        }
        if (t instanceof BindException) {
            return "cannot listen" + (bindTarget == null ? "" : " on " + bindTarget) + ": " + t.getMessage();
        }
        if (t instanceof IOException) {
            return t.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** {@code --version} from the jar manifest. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"quantum " + Version.current()};
        }
    }
}
