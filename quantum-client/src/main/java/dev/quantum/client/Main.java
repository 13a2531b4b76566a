package dev.quantum.client;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of {@code realtime-sync-client}: parses the command line and runs the sync. */
public final class Main {

    /** Exit statuses, as documented in the README. */
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int SAFETY_STOP = 3;

    private Main() {
    }

    public static void main(String[] args) {
        Logging.configure(System.getenv());
        int status = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (!ClientRun.shuttingDown()) {
            System.exit(status);
        }
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new ClientCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, ignored) -> {
            err.println("realtime-sync-client: " + firstLine(e.getMessage()) + " (see --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            err.println("realtime-sync-client: " + firstLine(e.getMessage()));
            return e instanceof IllegalArgumentException ? USAGE : FAILED;
        });
        return cli.execute(args);
    }

    static String firstLine(String message) {
        if (message == null) {
            return "unexpected error";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }
}
