package dev.quantum.bench.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads another JVM's memory with the JDK's {@code jcmd}: heap used after a full GC, and RSS. */
public final class Jcmd {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final Path jcmd;

    public Jcmd(Path javaHome) {
        this.jcmd = javaHome.resolve("bin/jcmd");
    }

    /** Heap in use by {@code pid} after two full collections, in bytes. */
    public long heapAfterGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
        Thread.sleep(200);
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher m = USED.matcher(info);
        if (!m.find()) {
            throw new IOException("jcmd GC.heap_info printed no 'used NK': " + info);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** Writes the top {@code lines} of {@code pid}'s live-object histogram (after a full GC) to {@code out}. */
    public void histogram(long pid, Path out, int lines) throws IOException, InterruptedException {
        String text = run(pid, "GC.class_histogram");
        Files.writeString(out, String.join("\n", text.lines().limit(lines + 3L).toList()) + "\n");
    }

    /** Resident set size of {@code pid} in bytes, from /proc. */
    public static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for pid " + pid);
    }

    private String run(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
