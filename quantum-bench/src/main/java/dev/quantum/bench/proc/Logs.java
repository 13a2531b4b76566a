package dev.quantum.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The end of a child's log, for error messages. */
final class Logs {

    private Logs() {
    }

    static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            return "[" + log + "] " + (text.length() <= 1500 ? text : "…" + text.substring(text.length() - 1500));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
