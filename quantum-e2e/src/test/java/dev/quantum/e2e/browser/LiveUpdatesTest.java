package dev.quantum.e2e.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.quantum.e2e.browser.ViewHarness.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.FilePayload;
import dev.quantum.server.config.ConfigLoader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The browser view stays current without reloading: changes made elsewhere arrive over
 * /ws, the connection indicator follows the server and the network, and nothing made
 * while the page was disconnected is missed. Also the seeds' own browser snippet and
 * configuration.
 */
class LiveUpdatesTest extends BrowserTest {

    @Test
    void changes_by_another_client_appear_change_and_disappear_without_a_reload() {
        open(QuantumInstance.start(root)).openView();
        page.evaluate("() => { window.notReloaded = true; }");

        assertThat(view.peer().put("report.txt", bytes(10))).isEqualTo(201);
        assertThat(view.row("report.txt")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(1000));
        assertThat(view.row("report.txt").getByTestId("file-size")).hasText("10 bytes");
        String created = view.row("report.txt").getAttribute("data-modified");

        awaitNextSecond();
        assertThat(view.peer().put("report.txt", bytes(5000))).isEqualTo(200);
        assertThat(view.row("report.txt").getByTestId("file-size")).hasText("5 KB");
        assertThat(view.row("report.txt")).not().hasAttribute("data-modified", created);

        assertThat(view.peer().delete("report.txt")).isEqualTo(204);
        assertThat(view.row("report.txt")).hasCount(0);
        assertThat(page.evaluate("() => window.notReloaded")).isEqualTo(true);
    }

    @Test
    void the_pages_own_upload_is_no_gap_so_a_later_change_by_another_client_needs_no_full_list() {
        open(QuantumInstance.start(root));
        AtomicInteger lists = new AtomicInteger();
        page.onRequest(request -> {
            if (request.url().endsWith("/api/list")) {
                lists.incrementAndGet();
            }
        });
        view.openView();
        assertThat(lists).hasValue(1);

        page.getByTestId("file-input").setInputFiles(new FilePayload("mine.txt", "text/plain", bytes(3)));
        assertThat(page.getByTestId("upload-item").first()).hasAttribute("data-state", "done");
        assertThat(view.peer().put("theirs.txt", bytes(4))).isEqualTo(201);
        assertThat(view.row("theirs.txt").getByTestId("file-size")).hasText("4 bytes");
        page.waitForTimeout(1000);

        assertThat(lists).as("GET /api/list requests after the page's own upload").hasValue(1);
        assertThat(view.row("mine.txt")).isVisible();
    }

    @Test
    void the_indicator_follows_the_server_going_away_and_the_view_catches_up_after_it_returns() throws Exception {
        QuantumInstance server = QuantumInstance.start(root);
        open(server).peer().put("before.txt", bytes(3));
        view.openView();

        server.stop();
        assertThat(page.getByTestId("connection-status")).not().hasAttribute("data-state", "live");
        assertThat(page.getByTestId("connection-text")).hasText("Reconnecting…");
        Screenshots.save(page, "desktop-reconnecting");
        Files.write(root.resolve("written-while-down.txt"), bytes(7));

        server.startAgain();
        view.peer().put("after-restart.txt", bytes(11));
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "live",
                new LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
        assertThat(view.row("written-while-down.txt")).isVisible();
        assertThat(view.row("after-restart.txt").getByTestId("file-size")).hasText("11 bytes");
        assertThat(view.row("before.txt")).isVisible();
    }

    @Test
    void a_browser_that_goes_offline_says_so_and_reconnects_as_soon_as_it_is_back() {
        open(QuantumInstance.start(root)).openView();
        view.context().setOffline(true);
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "offline");
        assertThat(page.getByTestId("connection-text")).containsText("Offline");
        assertThat(page.getByTestId("connection-retry")).isVisible();

        view.context().setOffline(false);
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "live");
        view.peer().put("back-online.txt", bytes(2));
        assertThat(view.row("back-online.txt")).isVisible();
    }

    @Test
    void the_seeds_browser_snippet_logs_file_changed_for_an_upload() {
        open(QuantumInstance.start(root)).openView();
        String snippet = SEED_SNIPPET.replace("ws://localhost:8080/ws", "ws://localhost:" + view.server().port() + "/ws");
        page.evaluate("() => {\n" + snippet + "\nwindow.seedSocket = ws;\n}");
        page.waitForFunction("() => window.seedSocket.readyState === WebSocket.OPEN");

        int[] uploads = {0};
        await().atMost(Duration.ofSeconds(15)).pollInSameThread().untilAsserted(() -> {
            view.peer().put("seed-" + uploads[0]++ + ".txt", bytes(4));
            page.waitForTimeout(200);
            assertThat(view.console()).anyMatch(line -> line.startsWith("File changed:"));
        });
    }

    @Test
    void the_seeds_config_with_the_documented_route_added_serves_the_view() {
        open(QuantumInstance.start(root, listen -> ConfigLoader.parse(SEED_CONFIG_WITH_VIEW_ROUTE
                .replace("\":8080\"", "\"" + listen + "\"").replace("./sync-data", root.toString()))))
                .openView();
        view.peer().put("via-seed-config.txt", bytes(6));
        assertThat(view.row("via-seed-config.txt").getByTestId("file-size")).hasText("6 bytes");
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
