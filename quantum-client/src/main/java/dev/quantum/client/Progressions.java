package dev.quantum.client;

import dev.quantum.client.sync.Progress;
import java.io.Console;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress displays: a redrawn bar on a terminal, a log line every tenth (or every few seconds) elsewhere. */
final class Progressions {

    private static final Logger LOG = LoggerFactory.getLogger("dev.quantum.client.sync");

    private Progressions() {
    }

    static Progress.Factory forThisProcess(Clock clock) {
        return isTerminal() ? Progressions::bar : (task, total) -> new LogProgress(task, total, clock);
    }

    private static Progress bar(String task, long total) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(" files", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200).build();
        return new Progress() {
            @Override
            public void step() {
                bar.step();
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }

    /** JDK 22+ says whether the console is a terminal; JDK 21 has a console only when it is one. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Plain log lines for logs and pipes. */
    private static final class LogProgress implements Progress {
        private static final Duration EVERY = Duration.ofSeconds(5);
        private final String task;
        private final long total;
        private final Clock clock;
        private final AtomicLong done = new AtomicLong();
        private Instant lastLine;
        private long lastTenth;

        LogProgress(String task, long total, Clock clock) {
            this.task = task;
            this.total = total;
            this.clock = clock;
            this.lastLine = clock.instant();
        }

        @Override
        public void step() {
            long n = done.incrementAndGet();
            synchronized (this) {
                long tenth = total == 0 ? 10 : n * 10 / total;
                Instant now = clock.instant();
                if (tenth > lastTenth || Duration.between(lastLine, now).compareTo(EVERY) >= 0) {
                    lastTenth = tenth;
                    lastLine = now;
                    LOG.info("{}: {}/{} files", task, n, total);
                }
            }
        }

        @Override
        public void close() {
            LOG.info("{}: {}/{} files {}", task, done.get(), total, done.get() >= total ? "done" : "(interrupted)");
        }
    }
}
