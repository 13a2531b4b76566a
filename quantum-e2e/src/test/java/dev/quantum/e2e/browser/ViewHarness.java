package dev.quantum.e2e.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One person at one browser tab looking at one server: a fresh browser context (own
 * cookies, storage and viewport), its page with console messages captured, and an
 * {@link HttpPeer} for "another client" of the same server. Closing it closes the
 * context and the server, and fails the test if the page threw an uncaught error. Not thread-safe (Playwright is not).
 */
final class ViewHarness implements AutoCloseable {

    private final QuantumInstance server;
    private final HttpPeer peer;
    private final BrowserContext context;
    private final Page page;
    private final List<String> console = new CopyOnWriteArrayList<>();
    private final List<String> pageErrors = new CopyOnWriteArrayList<>();

    ViewHarness(Browser browser, QuantumInstance server, Browser.NewContextOptions options) {
        this.server = server;
        this.peer = new HttpPeer(server.baseUrl());
        this.context = browser.newContext(options);
        this.page = context.newPage();
        page.onConsoleMessage(message -> console.add(message.text()));
        page.onPageError(pageErrors::add);
    }

    static Browser.NewContextOptions desktop() {
        return new Browser.NewContextOptions().setViewportSize(1280, 800);
    }

    static Browser.NewContextOptions phone() {
        return new Browser.NewContextOptions().setViewportSize(390, 844).setDeviceScaleFactor(2)
                .setIsMobile(true).setHasTouch(true);
    }

    QuantumInstance server() {
        return server;
    }

    HttpPeer peer() {
        return peer;
    }

    BrowserContext context() {
        return context;
    }

    Page page() {
        return page;
    }

    /** Console messages of the page so far (delivered while Playwright calls run). */
    List<String> console() {
        return console;
    }

    /** Opens {@code /} and waits until the view is live. */
    void openView() {
        page.navigate(server.baseUrl() + "/");
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "live");
        assertThat(page.getByTestId("connection-text")).hasText("Live");
    }

    /** The row showing {@code path} in the current folder. */
    Locator row(String path) {
        return page.locator("[data-testid=file-row][data-path=\"" + path + "\"]");
    }

    /** The paths of the rows, top to bottom. */
    List<String> rowPaths() {
        return page.getByTestId("file-row").evaluateAll("rows => rows.map(r => r.dataset.path)") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
    }

    static byte[] bytes(int size) {
        return "x".repeat(size).getBytes(StandardCharsets.UTF_8);
    }

    /** Closes the context and the server; fails if the page threw an uncaught error meanwhile. */
    @Override
    public void close() {
        context.close();
        server.close();
        if (!pageErrors.isEmpty()) {
            throw new AssertionError("uncaught errors in the page: " + pageErrors);
        }
    }
}
