package dev.quantum.e2e.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The browser view on a server whose file_sync handler has {@code auth}: the page asks for
 * a token, sends it with every request, on download links and on /ws, shows the server's
 * refusals (401 in the form, 403 as an error notice) and signs out.
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
    void a_read_only_token_lists_and_downloads_but_an_upload_or_a_delete_shows_the_403_and_changes_nothing() throws IOException {
        open(serverWithAuth());
        byte[] shared = "shared content".getBytes(StandardCharsets.UTF_8);
        assertThat(putAsAdmin("shared.txt", shared)).isEqualTo(201);
        openSignIn();
        signInAndWaitUntilLive(READER);

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
    void restoring_a_version_needs_an_admin_token() throws IOException {
        open(serverWithAuth());
        byte[] first = "first version".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second, longer version".getBytes(StandardCharsets.UTF_8);
        assertThat(putAsAdmin("plan.txt", first)).isEqualTo(201);
        assertThat(putAsAdmin("plan.txt", second)).isEqualTo(200);
        openSignIn();
        signInAndWaitUntilLive(WRITER);

        String refusal = serverError("POST", "/api/versions/restore", WRITER);
        view.row("plan.txt").getByTestId("versions-button").click();
        page.getByTestId("version-restore").click();
        assertThat(page.locator("[data-testid=toast][data-kind=error]")).hasText("Could not restore “plan.txt”: " + refusal);
        assertThat(page.getByTestId("version-restore")).isEnabled();
        assertThat(Files.readAllBytes(root.resolve("plan.txt"))).isEqualTo(second);
        page.getByTestId("versions-close").click();

        page.getByTestId("sign-out").click();
        signInAndWaitUntilLive(ADMIN);
        view.row("plan.txt").getByTestId("versions-button").click();
        page.getByTestId("version-restore").click();
        assertThat(view.row("plan.txt").getByTestId("file-size")).hasText("13 bytes");
        assertThat(Files.readAllBytes(root.resolve("plan.txt"))).isEqualTo(first);
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
