package dev.quantum.e2e.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FilePayload;
import dev.quantum.server.config.ConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person does in the browser view, in a real headless Chromium against a real
 * server on a free loopback port with its own temporary root.
 */
class BrowserViewTest {

    private static Playwright playwright;
    private static Browser browser;

    @TempDir
    Path root;

    private QuantumInstance server;
    private HttpPeer peer;
    private BrowserContext context;
    private Page page;
    private final List<String> console = new CopyOnWriteArrayList<>();

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
        }
    }

    @BeforeEach
    void startServer() {
        server = QuantumInstance.start(root);
        peer = new HttpPeer(server.baseUrl());
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
        page = context.newPage();
        page.onConsoleMessage(message -> console.add(message.text()));
    }

    @AfterEach
    void stopServer() {
        if (context != null) {
            context.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void uploading_through_the_file_input_lists_the_file_with_its_size() {
        openView();
        assertThat(page.getByTestId("empty-state")).isVisible();

        byte[] content = "q".repeat(1234).getBytes(StandardCharsets.UTF_8);
        page.getByTestId("file-input").setInputFiles(new FilePayload("hello world.txt", "text/plain", content));

        assertThat(row("hello world.txt")).isVisible();
        assertThat(row("hello world.txt").getByTestId("file-size")).hasText("1.2 KB");
        assertThat(page.getByTestId("upload-item").first()).hasAttribute("data-state", "done");
        assertThat(page.getByTestId("empty-state")).isHidden();
        assertThat(peer.get("hello world.txt")).isEqualTo(content);
        Screenshots.save(page, "desktop-after-upload");
    }

    @Test
    void dropping_several_files_uploads_each_with_its_own_progress_bar() {
        openView();
        JSHandle dataTransfer = page.evaluateHandle("""
                () => {
                  const transfer = new DataTransfer();
                  transfer.items.add(new File(["a".repeat(2500)], "dropped-one.txt", { type: "text/plain" }));
                  transfer.items.add(new File(["b".repeat(10)], "dropped-two.txt", { type: "text/plain" }));
                  return transfer;
                }""");
        page.dispatchEvent("body", "dragenter", Map.of("dataTransfer", dataTransfer));
        assertThat(page.getByTestId("drop-overlay")).isVisible();
        page.dispatchEvent("body", "drop", Map.of("dataTransfer", dataTransfer));

        assertThat(page.getByTestId("drop-overlay")).isHidden();
        assertThat(row("dropped-one.txt").getByTestId("file-size")).hasText("2.5 KB");
        assertThat(row("dropped-two.txt").getByTestId("file-size")).hasText("10 bytes");
        assertThat(page.getByTestId("upload-item")).hasCount(2);
        assertThat(page.getByTestId("upload-progress")).hasCount(2);
        assertThat(peer.get("dropped-two.txt")).isEqualTo("b".repeat(10).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void changes_by_another_client_appear_change_and_disappear_without_a_reload() {
        openView();
        page.evaluate("() => { window.notReloaded = true; }");

        assertThat(peer.put("report.txt", bytes(10))).isEqualTo(201);
        assertThat(row("report.txt")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(1000));
        assertThat(row("report.txt").getByTestId("file-size")).hasText("10 bytes");
        String created = row("report.txt").getAttribute("data-modified");

        awaitNextSecond();
        assertThat(peer.put("report.txt", bytes(5000))).isEqualTo(200);
        assertThat(row("report.txt").getByTestId("file-size")).hasText("5 KB");
        assertThat(row("report.txt")).not().hasAttribute("data-modified", created);

        assertThat(peer.delete("report.txt")).isEqualTo(204);
        assertThat(row("report.txt")).hasCount(0);
        assertThat(page.evaluate("() => window.notReloaded")).isEqualTo(true);
    }

    @Test
    void renaming_creating_a_folder_navigating_and_deleting_with_confirmation() {
        peer.put("draft.txt", bytes(42));
        openView();

        row("draft.txt").getByTestId("rename-button").click();
        assertThat(page.getByTestId("prompt-input")).isFocused();
        Screenshots.save(page, "desktop-rename-dialog");
        page.getByTestId("prompt-input").fill("final.txt");
        page.getByTestId("prompt-submit").click();
        assertThat(row("final.txt")).isVisible();
        assertThat(row("draft.txt")).hasCount(0);
        assertThat(peer.get("draft.txt")).isNull();

        page.getByTestId("new-folder-button").click();
        page.getByTestId("prompt-input").fill("Archive");
        page.getByTestId("prompt-input").press("Enter");
        assertThat(row("Archive")).hasAttribute("data-type", "folder");

        row("final.txt").getByTestId("rename-button").click();
        page.getByTestId("prompt-input").fill("Archive/final.txt");
        page.getByTestId("prompt-submit").click();
        assertThat(row("final.txt")).hasCount(0);

        row("Archive").getByTestId("entry-name").click();
        assertThat(page.getByTestId("folder-title")).hasText("Archive");
        assertThat(row("Archive/final.txt")).isVisible();
        page.getByTestId("breadcrumb").first().click();
        assertThat(row("Archive")).isVisible();
        page.goBack();
        assertThat(row("Archive/final.txt")).isVisible();
        page.goBack();
        assertThat(row("Archive")).isVisible();

        row("Archive").getByTestId("delete-button").click();
        assertThat(page.getByTestId("confirm-dialog")).isVisible();
        Screenshots.save(page, "desktop-delete-confirmation");
        page.getByTestId("confirm-cancel").click();
        assertThat(page.getByTestId("confirm-dialog")).isHidden();
        assertThat(row("Archive")).isVisible();

        row("Archive").getByTestId("delete-button").click();
        page.getByTestId("confirm-accept").click();
        assertThat(row("Archive")).hasCount(0);
        assertThat(page.getByTestId("empty-state")).isVisible();
        assertThat(peer.get("Archive/final.txt")).isNull();
    }

    @Test
    void the_indicator_follows_the_server_going_away_and_the_view_catches_up_after_it_returns() throws Exception {
        peer.put("before.txt", bytes(3));
        openView();

        server.stop();
        assertThat(page.getByTestId("connection-status")).not().hasAttribute("data-state", "live");
        assertThat(page.getByTestId("connection-text")).hasText("Reconnecting…");
        Screenshots.save(page, "desktop-reconnecting");
        Files.write(root.resolve("written-while-down.txt"), bytes(7));

        server.startAgain();
        peer.put("after-restart.txt", bytes(11));
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "live",
                new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        assertThat(row("written-while-down.txt")).isVisible();
        assertThat(row("after-restart.txt").getByTestId("file-size")).hasText("11 bytes");
        assertThat(row("before.txt")).isVisible();
    }

    @Test
    void a_browser_that_goes_offline_says_so_and_reconnects_as_soon_as_it_is_back() {
        openView();
        context.setOffline(true);
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "offline");
        assertThat(page.getByTestId("connection-text")).containsText("Offline");
        assertThat(page.getByTestId("connection-retry")).isVisible();

        context.setOffline(false);
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "live");
        peer.put("back-online.txt", bytes(2));
        assertThat(row("back-online.txt")).isVisible();
    }

    @Test
    void every_control_has_a_name_and_dialogs_work_from_the_keyboard() {
        peer.put("keyboard.txt", bytes(8));
        peer.put("Folder/inside.txt", bytes(8));
        openView();

        Object unnamed = page.evaluate("""
                () => [...document.querySelectorAll('button, a[href], input')]
                  .filter(el => !(el.getAttribute('aria-label') || el.textContent.trim() || el.title
                                  || (el.labels && el.labels.length > 0) || el.getAttribute('placeholder')))
                  .map(el => el.outerHTML)""");
        assertThat(unnamed).isEqualTo(List.of());

        Locator rename = row("keyboard.txt").getByTestId("rename-button");
        rename.focus();
        page.keyboard().press("Enter");
        assertThat(page.getByTestId("prompt-dialog")).isVisible();
        assertThat(page.getByTestId("prompt-input")).isFocused();
        page.keyboard().press("Escape");
        assertThat(page.getByTestId("prompt-dialog")).isHidden();
        assertThat(rename).isFocused();

        row("Folder").getByTestId("entry-name").focus();
        page.keyboard().press("Enter");
        assertThat(row("Folder/inside.txt")).isVisible();
        assertThat(page.getByTestId("breadcrumb").last()).hasAttribute("aria-current", "page");
    }

    @Test
    void the_seeds_browser_snippet_logs_file_changed_for_an_upload() {
        openView();
        String snippet = SEED_SNIPPET.replace("ws://localhost:8080/ws", "ws://localhost:" + server.port() + "/ws");
        page.evaluate("() => {\n" + snippet + "\nwindow.seedSocket = ws;\n}");
        page.waitForFunction("() => window.seedSocket.readyState === WebSocket.OPEN");

        int[] uploads = {0};
        await().atMost(Duration.ofSeconds(15)).pollInSameThread().untilAsserted(() -> {
            peer.put("seed-" + uploads[0]++ + ".txt", bytes(4));
            page.waitForTimeout(200);
            assertThat(console).anyMatch(line -> line.startsWith("File changed:"));
        });
        System.out.println(console);
    }

    @Test
    void sorting_keeps_folders_first_and_orders_by_name_size_or_date() {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(1280, 800).setColorScheme(ColorScheme.DARK));
        page = context.newPage();
        peer.put("b-medium.txt", bytes(2000));
        peer.put("a-large.bin", bytes(90_000));
        peer.put("c-small.md", bytes(5));
        peer.put("Zeta/inner.txt", bytes(1));
        openView();

        assertThat(rowPaths()).containsExactly("Zeta", "a-large.bin", "b-medium.txt", "c-small.md");
        page.getByTestId("sort-size").click();
        assertThat(page.locator("th.col-size")).hasAttribute("aria-sort", "descending");
        assertThat(rowPaths()).containsExactly("Zeta", "a-large.bin", "b-medium.txt", "c-small.md");
        page.getByTestId("sort-size").click();
        assertThat(page.locator("th.col-size")).hasAttribute("aria-sort", "ascending");
        assertThat(rowPaths()).containsExactly("Zeta", "c-small.md", "b-medium.txt", "a-large.bin");
        page.getByTestId("sort-name").click();
        assertThat(rowPaths()).containsExactly("Zeta", "a-large.bin", "b-medium.txt", "c-small.md");
        Screenshots.save(page, "desktop-dark");
    }

    @Test
    void previous_versions_can_be_listed_and_restored() {
        byte[] first = "first version".getBytes(StandardCharsets.UTF_8);
        peer.put("plan.txt", first);
        peer.put("plan.txt", "second, longer version".getBytes(StandardCharsets.UTF_8));
        openView();

        row("plan.txt").getByTestId("versions-button").click();
        assertThat(page.getByTestId("versions-dialog")).isVisible();
        assertThat(page.getByTestId("version-item")).hasCount(1);
        assertThat(page.getByTestId("version-download")).hasAttribute("href", Pattern.compile("/api/versions/plan\\.txt\\?id="));
        Screenshots.save(page, "desktop-versions");
        page.getByTestId("version-restore").click();

        assertThat(row("plan.txt").getByTestId("file-size")).hasText("13 bytes");
        assertThat(peer.get("plan.txt")).isEqualTo(first);
    }

    @Test
    void a_deleted_file_can_be_restored_from_the_deleted_list() {
        byte[] content = "keep me".getBytes(StandardCharsets.UTF_8);
        peer.put("Notes/precious.txt", content);
        peer.put("Notes/other.txt", bytes(3));
        peer.delete("Notes/precious.txt");
        openView();

        page.getByTestId("trash-button").click();
        assertThat(page.getByTestId("versions-dialog")).isVisible();
        Locator deleted = page.locator("[data-testid=version-item][data-path=\"Notes/precious.txt\"]");
        assertThat(deleted).isVisible();
        assertThat(page.getByTestId("version-item")).hasCount(1);
        deleted.getByTestId("version-restore").click();
        assertThat(page.getByTestId("version-item")).hasCount(0);
        page.getByTestId("versions-close").click();

        row("Notes").getByTestId("entry-name").click();
        assertThat(row("Notes/precious.txt").getByTestId("file-size")).hasText("7 bytes");
        assertThat(peer.get("Notes/precious.txt")).isEqualTo(content);
    }

    @Test
    void a_phone_sees_a_list_with_conflict_copies_marked() {
        context.close();
        context = browser.newContext(new Browser.NewContextOptions()
                .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true));
        page = context.newPage();
        peer.put("Photos/2024/beach.jpg", bytes(3_400_000));
        peer.put("Documents/annual-report.pdf", bytes(245_000));
        peer.put("notes.txt", bytes(900));
        peer.put("notes.sync-conflict-20240121-120500-laptop.txt", bytes(1800));
        openView();

        assertThat(row("notes.sync-conflict-20240121-120500-laptop.txt").getByTestId("conflict-badge")).isVisible();
        assertThat(row("notes.txt").getByTestId("conflict-badge")).hasCount(0);
        assertThat(row("Photos")).hasAttribute("data-type", "folder");
        Screenshots.save(page, "phone-listing");
    }

    @Test
    void the_seeds_config_with_the_documented_route_added_serves_the_view() {
        server.close();
        server = QuantumInstance.start(root, listen -> ConfigLoader.parse(SEED_CONFIG_WITH_VIEW_ROUTE
                .replace("\":8080\"", "\"" + listen + "\"").replace("./sync-data", root.toString())));
        peer = new HttpPeer(server.baseUrl());
        openView();
        peer.put("via-seed-config.txt", bytes(6));
        assertThat(row("via-seed-config.txt").getByTestId("file-size")).hasText("6 bytes");
    }

    private void openView() {
        page.navigate(server.baseUrl() + "/");
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "live");
        assertThat(page.getByTestId("connection-text")).hasText("Live");
    }

    private Locator row(String path) {
        return page.locator("[data-testid=file-row][data-path=\"" + path + "\"]");
    }

    private List<String> rowPaths() {
        return page.getByTestId("file-row").evaluateAll("rows => rows.map(r => r.dataset.path)") instanceof List<?> list
                ? list.stream().map(String::valueOf).toList() : List.of();
    }

    private static byte[] bytes(int size) {
        return "x".repeat(size).getBytes(StandardCharsets.UTF_8);
    }

    /** Modification times may have one-second resolution: make the next write land in a later second. */
    private static void awaitNextSecond() {
        long second = System.currentTimeMillis() / 1000;
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> System.currentTimeMillis() / 1000 > second);
    }

    /** The seeds' full configuration plus the route the README documents for the browser view. */
    private static final String SEED_CONFIG_WITH_VIEW_ROUTE = """
            {
              "apps": {
                "http": {
                  "servers": {
                    "file_sync_server": {
                      "listen": [":8080"],
                      "routes": [
                        {
                          "match": [{"matcher": "path", "paths": ["/api/*", "/ws"]}],
                          "handle": [{
                            "handler": "file_sync",
                            "root": "./sync-data",
                            "enable_upload": true
                          }]
                        },
                        { "match": [{"matcher": "path", "paths": ["/*"]}], "handle": [{"handler": "file_sync", "root": "./sync-data", "enable_upload": true}] }
                      ]
                    }
                  }
                }
              }
            }
            """;

    /** The "Web Browser Client" snippet of the seeds, verbatim. */
    private static final String SEED_SNIPPET = """
            // Connect to WebSocket endpoint
            const ws = new WebSocket('ws://localhost:8080/ws');

            // Register for updates
            ws.onopen = () => {
              ws.send(JSON.stringify({
                type: "Subscribe",
                client_id: "browser-client-123"
              }));
            };

            // Handle file operation broadcasts
            ws.onmessage = (event) => {
              const message = JSON.parse(event.data);
              if (message.type === "FileOperation") {
                console.log("File changed:", message.operation);
                // Update UI with real-time changes
              }
            };
            """;
}
