package dev.quantum.e2e.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.FilePayload;
import dev.quantum.server.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The browser view on a server whose file_sync handler has {@code auth}: the page asks for
 * a token, sends it with every request, on download links and on /ws, shows the server's
 * refusals (401 in the form, 403 as an error notice) and signs out. It offers only what the
 * token's role may do, as {@code GET /api/session} says.
 */
class SignInTest extends BrowserTest {

    private static final String READER = "reader-token-0123456789";
    private static final String WRITER = "writer-token-0123456789";
    private static final String ADMIN = "admin-token-0123456789";
    private static final String ALL_TOKENS = """
            [{"token":"%s","role":"read-only"},{"token":"%s","role":"read-write"},{"token":"%s","role":"admin"}]"""
            .formatted(READER, WRITER, ADMIN);

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** A server whose tokens are read from {@code tokens} at each (re)start. */
    private QuantumInstance serverWithTokens(AtomicReference<String> tokens) {
        return QuantumInstance.start(root, listen -> ConfigLoader.parse("""
                {"apps":{"http":{"servers":{"auth":{"listen":["%s"],"routes":[{"match":[{"path":["/*"]}],
                 "handle":[{"handler":"file_sync","root":"%s","enable_upload":true,"auth":{"tokens":%s}}]}]}}}}}"""
                .formatted(listen, root.toString().replace("\\", "\\\\").replace("\"", "\\\""), tokens.get())));
    }

    private QuantumInstance serverWithAuth() {
        return serverWithTokens(new AtomicReference<>(ALL_TOKENS));
    }

    /** Opens {@code /} and waits for the sign-in form. */
    private void openSignIn() {
        page.navigate(view.server().baseUrl() + "/");
        assertThat(page.getByTestId("sign-in")).isVisible();
    }

    private void signIn(String token) {
        page.getByTestId("token-input").fill(token);
        page.getByTestId("sign-in-submit").click();
    }

    private void signInAndWaitUntilLive(String token) {
        signIn(token);
        assertThat(page.getByTestId("sign-in")).isHidden();
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "live");
    }

    /** What the server answers the page itself for {@code method path} with {@code token} (null: none): its {"error"} text. */
    private String serverError(String method, String path, String token) {
        Object error = page.evaluate("""
                async ([method, path, token]) => {
                  const headers = token ? { Authorization: `Bearer ${token}` } : {};
                  const response = await fetch(path, { method, headers, body: method === 'PUT' ? 'x' : undefined });
                  return response.ok ? null : `${response.status} ${(await response.json()).error}`;
                }""", Arrays.asList(method, path, token));
        assertThat(error).as("the server's refusal of %s %s", method, path).isNotNull();
        String text = error.toString();
        return text.substring(text.indexOf(' ') + 1);
    }

    /** Makes the page's server answer /api/session with 404, as a server from before it would. */
    private void withoutSessionEndpoint() {
        page.route("**/api/session", route -> route.fulfill(new Route.FulfillOptions().setStatus(404)
                .setContentType("application/json").setBody("{\"error\":\"no such API endpoint: GET /api/session\"}")));
    }

    /** Drags one file over the page (no drop overlay may appear) and drops it. */
    private void dropFile(String name) {
        JSHandle transfer = page.evaluateHandle("""
                (name) => {
                  const transfer = new DataTransfer();
                  transfer.items.add(new File(["dropped"], name, { type: "text/plain" }));
                  return transfer;
                }""", name);
        page.dispatchEvent("body", "dragenter", Map.of("dataTransfer", transfer));
        page.dispatchEvent("body", "dragover", Map.of("dataTransfer", transfer));
        assertThat(page.getByTestId("drop-overlay")).isHidden();
        page.dispatchEvent("body", "drop", Map.of("dataTransfer", transfer));
    }

    private Object storedToken() {
        return page.evaluate("() => sessionStorage.getItem('quantum.token')");
    }

    /** Uploads as the admin would with a script; returns the status code. */
    private int putAsAdmin(String path, byte[] content) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(view.server().baseUrl() + "/api/files/" + path))
                .header("Authorization", "Bearer " + ADMIN)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).timeout(Duration.ofSeconds(10)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void the_page_asks_for_a_token_and_a_wrong_one_shows_the_servers_reason() {
        open(serverWithAuth());
        openSignIn();

        assertThat(page.getByTestId("token-input")).hasAttribute("type", "password");
        assertThat(page.getByTestId("sign-in-submit")).hasText("Sign in");
        assertThat(page.getByTestId("sign-in-message")).hasText(serverError("GET", "/api/list", null));
        assertThat(page.getByTestId("sign-in-message")).hasAttribute("data-kind", "info");
        assertThat(page.locator("#main")).isHidden();
        assertThat(page.getByTestId("sign-out")).isHidden();
        assertThat(page.getByTestId("connection-text")).hasText("Signed out");
        Screenshots.save(page, "desktop-sign-in");

        signIn("wrong-token-0123456789");
        assertThat(page.getByTestId("sign-in-message")).hasText(serverError("GET", "/api/list", "wrong-token-0123456789"));
        assertThat(page.getByTestId("sign-in-message")).hasAttribute("role", "alert");
        assertThat(page.getByTestId("token-input")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#main")).isHidden();
        assertThat(storedToken()).isNull();
        Screenshots.save(page, "desktop-sign-in-refused");
    }

    @Test
    void a_read_only_token_is_offered_no_writes_and_a_drop_uploads_nothing() {
        open(serverWithAuth());
        assertThat(putAsAdmin("plan.txt", ViewHarness.bytes(3))).isEqualTo(201);
        assertThat(putAsAdmin("plan.txt", ViewHarness.bytes(5))).isEqualTo(200);
        assertThat(putAsAdmin("Folder/inside.txt", ViewHarness.bytes(1))).isEqualTo(201);
        openSignIn();
        signInAndWaitUntilLive(READER);

        assertThat(page.getByTestId("role-label")).isVisible();
        assertThat(page.getByTestId("role-label")).hasText("read-only");
        assertThat(page.getByTestId("role-label")).hasAttribute("title", "This token can only read");
        assertThat(page.getByTestId("upload-button")).isHidden();
        assertThat(page.getByTestId("new-folder-button")).isHidden();
        assertThat(page.getByTestId("trash-button")).isVisible();
        assertThat(view.row("plan.txt").getByTestId("download-button")).isVisible();
        assertThat(view.row("plan.txt").getByTestId("rename-button")).hasCount(0);
        assertThat(view.row("plan.txt").getByTestId("delete-button")).hasCount(0);
        assertThat(view.row("Folder").getByTestId("rename-button")).hasCount(0);
        Screenshots.save(page, "desktop-read-only");

        view.row("plan.txt").getByTestId("versions-button").click();
        assertThat(page.getByTestId("version-download")).isVisible();
        assertThat(page.getByTestId("version-restore")).hasCount(0);
        page.getByTestId("versions-close").click();

        dropFile("dropped.txt");
        assertThat(page.locator("[data-testid=toast][data-kind=info]")).hasText("This token can only read.");
        assertThat(page.getByTestId("upload-item")).hasCount(0);
        assertThat(root.resolve("dropped.txt")).doesNotExist();
        assertThat(page.getByTestId("sign-in")).isHidden();
    }

    @Test
    void a_server_without_api_session_offers_everything_and_a_read_only_write_shows_the_403_and_changes_nothing() throws IOException {
        open(serverWithAuth());
        withoutSessionEndpoint();
        byte[] shared = "shared content".getBytes(StandardCharsets.UTF_8);
        assertThat(putAsAdmin("shared.txt", ViewHarness.bytes(3))).isEqualTo(201);
        assertThat(putAsAdmin("shared.txt", shared)).isEqualTo(200);
        openSignIn();
        signInAndWaitUntilLive(READER);

        assertThat(page.getByTestId("upload-button")).isVisible();
        assertThat(page.getByTestId("new-folder-button")).isVisible();
        assertThat(page.getByTestId("role-label")).isHidden();

        assertThat(view.row("shared.txt").getByTestId("file-size")).hasText("14 bytes");
        assertThat(storedToken()).isEqualTo(READER);
        assertThat(page.getByTestId("sign-out")).isVisible();
        Locator download = view.row("shared.txt").getByTestId("download-button");
        assertThat(download).hasAttribute("href", "/api/files/shared.txt?access_token=" + READER);
        assertThat(page.evaluate("async (href) => await (await fetch(href)).text()", download.getAttribute("href")))
                .isEqualTo("shared content");

        String uploadRefusal = serverError("PUT", "/api/files/blocked.txt", READER);
        page.getByTestId("file-input").setInputFiles(new FilePayload("blocked.txt", "text/plain", ViewHarness.bytes(5)));
        Locator errors = page.locator("[data-testid=toast][data-kind=error]");
        assertThat(errors.filter(new Locator.FilterOptions().setHasText("blocked.txt")))
                .hasText("Could not upload “blocked.txt”: " + uploadRefusal);
        assertThat(page.locator("[data-testid=upload-item][data-state=failed]")).hasCount(1);
        assertThat(root.resolve("blocked.txt")).doesNotExist();

        String deleteRefusal = serverError("DELETE", "/api/files/shared.txt", READER);
        view.row("shared.txt").getByTestId("delete-button").click();
        page.getByTestId("confirm-accept").click();
        assertThat(errors.filter(new Locator.FilterOptions().setHasText("Could not delete")))
                .hasText("Could not delete “shared.txt”: " + deleteRefusal);
        assertThat(view.row("shared.txt")).isVisible();
        assertThat(Files.readAllBytes(root.resolve("shared.txt"))).isEqualTo(shared);

        String restoreRefusal = serverError("POST", "/api/versions/restore", READER);
        view.row("shared.txt").getByTestId("versions-button").click();
        page.getByTestId("version-restore").click();
        assertThat(errors.filter(new Locator.FilterOptions().setHasText("Could not restore")))
                .hasText("Could not restore “shared.txt”: " + restoreRefusal);
        assertThat(page.getByTestId("version-restore")).isEnabled();
        assertThat(page.getByTestId("sign-in")).isHidden();
        Screenshots.save(page, "desktop-read-only-refused");
    }

    @Test
    void a_read_write_token_uploads_sees_live_changes_survives_a_reload_and_signs_out() throws IOException {
        open(serverWithAuth());
        openSignIn();
        signInAndWaitUntilLive(WRITER);

        byte[] mine = "uploaded with a token".getBytes(StandardCharsets.UTF_8);
        page.getByTestId("file-input").setInputFiles(new FilePayload("mine.txt", "text/plain", mine));
        assertThat(page.getByTestId("upload-item").first()).hasAttribute("data-state", "done");
        assertThat(view.row("mine.txt")).isVisible();
        assertThat(Files.readAllBytes(root.resolve("mine.txt"))).isEqualTo(mine);

        assertThat(putAsAdmin("theirs.txt", ViewHarness.bytes(7))).isEqualTo(201);
        assertThat(view.row("theirs.txt").getByTestId("file-size")).hasText("7 bytes");

        page.reload();
        assertThat(page.getByTestId("connection-status")).hasAttribute("data-state", "live");
        assertThat(page.getByTestId("sign-in")).isHidden();
        assertThat(view.row("mine.txt")).isVisible();

        page.getByTestId("sign-out").click();
        assertThat(page.getByTestId("sign-in")).isVisible();
        assertThat(page.getByTestId("sign-in-message")).hasText("You are signed out. Enter a token to sign in again.");
        assertThat(page.getByTestId("token-input")).isFocused();
        assertThat(page.getByTestId("sign-out")).isHidden();
        assertThat(page.getByTestId("connection-text")).hasText("Signed out");
        assertThat(page.getByTestId("file-row")).hasCount(0);
        assertThat(storedToken()).isNull();

        assertThat(putAsAdmin("while-signed-out.txt", ViewHarness.bytes(3))).isEqualTo(201);
        signInAndWaitUntilLive(READER);
        assertThat(view.row("while-signed-out.txt")).isVisible();
        assertThat(view.row("mine.txt").getByTestId("download-button"))
                .hasAttribute("href", Pattern.compile("access_token=" + READER + "$"));
    }

    @Test
    void a_read_write_token_is_offered_every_write_but_restore_and_an_admin_token_restores() throws IOException {
        open(serverWithAuth());
        byte[] first = "first version".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second, longer version".getBytes(StandardCharsets.UTF_8);
        assertThat(putAsAdmin("plan.txt", first)).isEqualTo(201);
        assertThat(putAsAdmin("plan.txt", second)).isEqualTo(200);
        openSignIn();
        signInAndWaitUntilLive(WRITER);

        assertThat(page.getByTestId("role-label")).hasText("read-write");
        assertThat(page.getByTestId("upload-button")).isVisible();
        assertThat(page.getByTestId("new-folder-button")).isVisible();
        assertThat(view.row("plan.txt").getByTestId("rename-button")).isVisible();
        assertThat(view.row("plan.txt").getByTestId("delete-button")).isVisible();
        view.row("plan.txt").getByTestId("versions-button").click();
        assertThat(page.getByTestId("version-download")).isVisible();
        assertThat(page.getByTestId("version-restore")).hasCount(0);
        page.getByTestId("versions-close").click();
        assertThat(Files.readAllBytes(root.resolve("plan.txt"))).isEqualTo(second);

        page.getByTestId("sign-out").click();
        assertThat(page.getByTestId("role-label")).isHidden();
        signInAndWaitUntilLive(ADMIN);
        assertThat(page.getByTestId("role-label")).hasText("admin");
        view.row("plan.txt").getByTestId("versions-button").click();
        page.getByTestId("version-restore").click();
        assertThat(view.row("plan.txt").getByTestId("file-size")).hasText("13 bytes");
        assertThat(Files.readAllBytes(root.resolve("plan.txt"))).isEqualTo(first);
    }

    @Test
    void a_role_changed_while_the_server_restarts_is_applied_after_the_reconnect() {
        AtomicReference<String> tokens = new AtomicReference<>(ALL_TOKENS);
        QuantumInstance server = serverWithTokens(tokens);
        open(server);
        openSignIn();
        signInAndWaitUntilLive(WRITER);
        assertThat(page.getByTestId("role-label")).hasText("read-write");
        assertThat(page.getByTestId("upload-button")).isVisible();

        server.stop();
        tokens.set("""
                [{"token":"%s","role":"read-only"}]""".formatted(WRITER));
        server.startAgain();

        assertThat(page.getByTestId("role-label")).hasText("read-only", new LocatorAssertions.HasTextOptions().setTimeout(30_000));
        assertThat(page.getByTestId("upload-button")).isHidden();
        assertThat(page.getByTestId("new-folder-button")).isHidden();
        assertThat(page.getByTestId("sign-in")).isHidden();
    }

    @Test
    void a_token_the_server_stops_accepting_leads_to_the_sign_in_form_instead_of_endless_reconnects() {
        AtomicReference<String> tokens = new AtomicReference<>(ALL_TOKENS);
        QuantumInstance server = serverWithTokens(tokens);
        open(server, ViewHarness.phone());
        List<String> sockets = new CopyOnWriteArrayList<>();
        page.onWebSocket(socket -> sockets.add(socket.url()));
        openSignIn();
        signInAndWaitUntilLive(WRITER);
        assertThat(sockets).containsExactly("ws://localhost:" + server.port() + "/ws?access_token=" + WRITER);
        assertThat(page.getByTestId("sign-out")).isInViewport();
        Screenshots.save(page, "phone-signed-in");

        server.stop();
        tokens.set("""
                [{"token":"%s","role":"admin"}]""".formatted(ADMIN));
        server.startAgain();

        assertThat(page.getByTestId("sign-in")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        assertThat(page.getByTestId("sign-in-message")).hasText(serverError("GET", "/api/changes?limit=1", WRITER));
        assertThat(page.getByTestId("connection-text")).hasText("Signed out");
        int attempts = sockets.size();
        page.waitForTimeout(2_000); // longer than the first reconnect delays: nothing more may be tried
        assertThat(sockets).as("WebSocket attempts after the token was refused").hasSize(attempts);

        signInAndWaitUntilLive(ADMIN);
        assertThat(storedToken()).isEqualTo(ADMIN);
    }
}
