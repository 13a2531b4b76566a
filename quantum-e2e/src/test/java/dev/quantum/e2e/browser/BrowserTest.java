package dev.quantum.e2e.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class of tests of the browser view against a real server: one headless Chromium per
 * class (each Playwright copies its driver to /tmp), a fresh temporary root per test, and
 * the {@link ViewHarness} a test opens, closed after it. Test classes run one at a time.
 */
abstract class BrowserTest {

    private static Playwright playwright;
    private static Browser browser;

    @TempDir
    Path root;

    ViewHarness view;
    Page page;

    @BeforeAll
    static void launchBrowser() {
        playwright = Chromium.playwright();
        browser = Chromium.launch(playwright);
        PlaywrightAssertions.setDefaultAssertionTimeout(10_000);
    }

    @AfterAll
    static void closeBrowser() {
        if (playwright != null) {
            playwright.close();
            playwright = null;
            browser = null;
        }
    }

    @AfterEach
    void closeView() {
        if (view != null) {
            view.close();
        }
    }

    /** Opens a tab with {@code options} on {@code server} (closed after the test). */
    ViewHarness open(QuantumInstance server, Browser.NewContextOptions options) {
        view = new ViewHarness(browser, server, options);
        page = view.page();
        return view;
    }

    /** Opens a desktop tab on {@code server}. */
    ViewHarness open(QuantumInstance server) {
        return open(server, ViewHarness.desktop());
    }

    /** Opens a tab with {@code options} on a server with the default configuration over {@link #root}. */
    ViewHarness open(Browser.NewContextOptions options) {
        return open(QuantumInstance.start(root), options);
    }
}
