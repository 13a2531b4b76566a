package dev.quantum.e2e.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium for the browser tests: installs it with apt-get when it is missing and
 * the tests run as root (as on a fresh CI machine), and launches it headless through
 * Playwright's bundled driver, which never downloads a browser of its own.
 */
final class Chromium {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    private static final List<String> ARGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage");
    private static final long INSTALL_MINUTES = 10;

    private Chromium() {
    }

    /** A Playwright that never downloads browsers; one per test class, it copies its driver to /tmp. */
    static Playwright playwright() {
        System.setProperty("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        return Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    }

    /** Launches headless Chromium, installing it first when possible. */
    static Browser launch(Playwright playwright) {
        ensureInstalled();
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(EXECUTABLE)
                .setHeadless(true)
                .setArgs(ARGS));
    }

    private static synchronized void ensureInstalled() {
        if (Files.isExecutable(EXECUTABLE)) {
            return;
        }
        if ("root".equals(System.getProperty("user.name"))) {
            run("apt-get", "update");
            run("apt-get", "install", "-y", "--no-install-recommends", "chromium");
        }
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException("The browser tests need Chromium at " + EXECUTABLE
                    + ". Install it with `sudo apt-get install chromium` (.ci/run does this) and run the tests again.");
        }
    }

    private static void run(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO()
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        try {
            Process process = builder.start();
            if (!process.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
        } catch (IOException e) {
            System.err.println("Could not run " + String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
