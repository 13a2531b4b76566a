package dev.quantum.bench.load;

import dev.quantum.bench.proc.BenchEnv;
import dev.quantum.bench.proc.Children;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The harness's handle on one {@link LoadGenerator} JVM: sends its commands and waits
 * for its answers. {@link #close} ends the JVM whatever state it is in.
 */
public final class Generator implements AutoCloseable {

    private final Process process;
    private final PrintWriter in;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private int connected;
    private long lastConnectMillis;
    private String firstFailure = "";

    private Generator(Process process) {
        this.process = process;
        this.in = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        Thread reader = new Thread(this::readAnswers, "generator-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a generator JVM aimed at {@code ws} (ws://127.0.0.1:PORT/ws), with the run's extra JVM options (--jfr, --quick). */
    public static Generator start(BenchEnv env, URI ws, String heap) throws IOException {
        List<String> cmd = new ArrayList<>(env.javaCommand("-Xmx" + heap, "-Xss512k", "-XX:+UseSerialGC"));
        cmd.addAll(List.of("-cp", env.classpath(), LoadGenerator.class.getName(), ws.toString()));
        return new Generator(Children.startPiped(cmd, env.log("generator")));
    }

    /** Opens {@code n} more subscribed connections from {@code source}; returns how many failed. */
    public long connect(int n, String source, String prefix) throws IOException, InterruptedException {
        in.println("CONNECT " + n + " " + source + " " + prefix);
        String[] a = await("@CONNECTED", Duration.ofMinutes(5)).split(" ", 5);
        connected = Integer.parseInt(a[1]);
        lastConnectMillis = Long.parseLong(a[3]);
        firstFailure = a.length > 4 ? a[4] : "";
        return Long.parseLong(a[2]);
    }

    /** Why the first connection that ever failed in this generator failed, or "". */
    public String firstFailure() {
        return firstFailure;
    }

    /** How long the last {@link #connect} took inside the generator, in milliseconds. */
    public long lastConnectMillis() {
        return lastConnectMillis;
    }

    public int connected() {
        return connected;
    }

    /**
     * Receipt latencies of upload {@code k} in microseconds after {@code t0Micros}, one per
     * subscriber that got it, and the problems the generator saw since it started.
     */
    public Receipts collect(int k, long t0Micros, Duration timeout) throws IOException, InterruptedException {
        in.println("COLLECT " + k + " " + t0Micros + " " + timeout.toMillis());
        String[] a = await("@LAT", timeout.plusSeconds(60)).split(" ", 6);
        int missing = Integer.parseInt(a[2]);
        long problems = Long.parseLong(a[3]);
        String firstProblem = a.length > 5 ? a[5] : "";
        if (a[4].equals("-")) {
            return new Receipts(new long[0], missing, problems, firstProblem);
        }
        String[] parts = a[4].split(",");
        long[] micros = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            micros[i] = Long.parseLong(parts[i]);
        }
        return new Receipts(micros, missing, problems, firstProblem);
    }

    /**
     * What one generator saw of one upload.
     *
     * @param problems     duplicate or out-of-order FileOperations, server Errors, lost connections, since the start
     * @param firstProblem the first of them, or ""
     */
    public record Receipts(long[] latencyMicros, int missing, long problems, String firstProblem) {
    }

    public long pid() {
        return process.pid();
    }

    private String await(String prefix, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = answers.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line != null && line.startsWith("@ERROR")) {
                throw new IOException("load generator: " + line);
            }
            if (line == null && !process.isAlive()) {
                throw new IOException("the load generator exited with " + process.exitValue());
            }
        }
        throw new IOException("the load generator did not answer " + prefix + " within " + timeout.toSeconds() + " s");
    }

    private void readAnswers() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("@")) {
                    answers.add(line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        try {
            in.println("CLOSE");
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            Children.stop(process, 2_000);
        }
    }
}
