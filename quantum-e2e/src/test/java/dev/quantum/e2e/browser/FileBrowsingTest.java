package dev.quantum.e2e.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static dev.quantum.e2e.browser.ViewHarness.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.JSHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FilePayload;
import dev.quantum.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a person does with files in the browser view — upload, browse, rename, move,
 * delete, sort, versions — in a real headless Chromium against a real server with its
 * own temporary root.
 */
class FileBrowsingTest extends BrowserTest {

    private static String jsonString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private Locator row(String path) {
        return view.row(path);
    }

    @Test
    void uploading_through_the_file_input_lists_the_file_with_its_size() {
        open(ViewHarness.desktop()).openView();
        assertThat(page.getByTestId("empty-state")).isVisible();
        assertThat(page.getByTestId("upload-button")).isVisible();
        assertThat(page.getByTestId("new-folder-button")).isVisible();
        assertThat(page.getByTestId("role-label")).isHidden();

        byte[] content = "q".repeat(1234).getBytes(StandardCharsets.UTF_8);
        page.getByTestId("file-input").setInputFiles(new FilePayload("hello world.txt", "text/plain", content));

        assertThat(row("hello world.txt")).isVisible();
        assertThat(row("hello world.txt").getByTestId("file-size")).hasText("1.2 KB");
        assertThat(page.getByTestId("upload-item").first()).hasAttribute("data-state", "done");
        assertThat(page.getByTestId("empty-state")).isHidden();
        assertThat(view.peer().get("hello world.txt")).isEqualTo(content);
        Screenshots.save(page, "desktop-after-upload");
    }

    @Test
    void dropping_several_files_uploads_each_with_its_own_progress_bar() {
        open(ViewHarness.desktop()).openView();
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
        assertThat(view.peer().get("dropped-two.txt")).isEqualTo("b".repeat(10).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void renaming_creating_a_folder_navigating_and_deleting_with_confirmation() {
        open(ViewHarness.desktop()).peer().put("draft.txt", bytes(42));
        view.openView();

        row("draft.txt").getByTestId("rename-button").click();
        assertThat(page.getByTestId("prompt-input")).isFocused();
        Screenshots.save(page, "desktop-rename-dialog");
        page.getByTestId("prompt-input").fill("final.txt");
        page.getByTestId("prompt-submit").click();
        assertThat(row("final.txt")).isVisible();
        assertThat(row("draft.txt")).hasCount(0);
        assertThat(view.peer().get("draft.txt")).isNull();

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
        assertThat(view.peer().get("Archive/final.txt")).isNull();
    }

    @Test
    void a_name_that_already_exists_is_refused_in_the_dialog_without_a_request() {
        open(ViewHarness.desktop()).peer().put("one.txt", bytes(1));
        view.peer().put("two.txt", bytes(2));
        view.openView();

        row("one.txt").getByTestId("rename-button").click();
        page.getByTestId("prompt-input").fill("two.txt");
        page.getByTestId("prompt-submit").click();
        assertThat(page.getByTestId("prompt-error")).hasText("“two.txt” already exists.");
        assertThat(page.getByTestId("prompt-input")).hasAttribute("aria-invalid", "true");
        page.getByTestId("prompt-input").fill("../escape.txt");
        page.getByTestId("prompt-submit").click();
        assertThat(page.getByTestId("prompt-error")).hasText("Names cannot be . or ..");
        page.getByTestId("prompt-cancel").click();
        assertThat(view.rowPaths()).containsExactly("one.txt", "two.txt");
    }

    @Test
    void a_server_with_uploads_disabled_offers_no_writes_and_still_refuses_an_upload_that_comes_anyway() throws IOException {
        Files.write(root.resolve("kept.txt"), bytes(4));
        open(QuantumInstance.start(root, listen -> ConfigLoader.parse("""
                {"apps":{"http":{"servers":{"ro":{"listen":["%s"],"routes":[{"match":[{"path":["/*"]}],
                 "handle":[{"handler":"file_sync","root":%s,"enable_upload":false}]}]}}}}}"""
                .formatted(listen, jsonString(root.toString()))))).openView();

        assertThat(page.getByTestId("upload-button")).isHidden();
        assertThat(page.getByTestId("new-folder-button")).isHidden();
        assertThat(page.getByTestId("role-label")).isHidden();
        assertThat(row("kept.txt").getByTestId("download-button")).isVisible();
        assertThat(row("kept.txt").getByTestId("rename-button")).hasCount(0);
        assertThat(row("kept.txt").getByTestId("delete-button")).hasCount(0);

        JSHandle dataTransfer = page.evaluateHandle("""
                () => {
                  const transfer = new DataTransfer();
                  transfer.items.add(new File(["dropped"], "dropped.txt", { type: "text/plain" }));
                  return transfer;
                }""");
        page.dispatchEvent("body", "dragenter", Map.of("dataTransfer", dataTransfer));
        assertThat(page.getByTestId("drop-overlay")).isHidden();
        page.dispatchEvent("body", "drop", Map.of("dataTransfer", dataTransfer));
        assertThat(page.locator("[data-testid=toast][data-kind=info]")).hasText("Uploads are disabled on this server.");
        assertThat(page.getByTestId("upload-item")).hasCount(0);
        assertThat(root.resolve("dropped.txt")).doesNotExist();

        page.getByTestId("file-input").setInputFiles(new FilePayload("refused.txt", "text/plain", bytes(5)));

        Locator toast = page.locator("[data-testid=toast][data-kind=error]");
        assertThat(toast).hasAttribute("role", "alert");
        assertThat(toast).containsText("Could not upload “refused.txt”: ");
        assertThat(page.locator("[data-testid=upload-item][data-state=failed]")).hasCount(1);
        assertThat(view.peer().get("refused.txt")).isNull();
        Screenshots.save(page, "desktop-refused-upload");
    }

    @Test
    void every_control_has_a_name_and_dialogs_work_from_the_keyboard() {
        open(ViewHarness.desktop()).peer().put("keyboard.txt", bytes(8));
        view.peer().put("Folder/inside.txt", bytes(8));
        view.openView();

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
    void sorting_keeps_folders_first_and_orders_by_name_size_or_date() {
        open(ViewHarness.desktop().setColorScheme(ColorScheme.DARK));
        view.peer().put("b-medium.txt", bytes(2000));
        view.peer().put("a-large.bin", bytes(90_000));
        view.peer().put("c-small.md", bytes(5));
        view.peer().put("Zeta/inner.txt", bytes(1));
        view.openView();

        assertThat(view.rowPaths()).containsExactly("Zeta", "a-large.bin", "b-medium.txt", "c-small.md");
        page.getByTestId("sort-size").click();
        assertThat(page.locator("th.col-size")).hasAttribute("aria-sort", "descending");
        assertThat(view.rowPaths()).containsExactly("Zeta", "a-large.bin", "b-medium.txt", "c-small.md");
        page.getByTestId("sort-size").click();
        assertThat(page.locator("th.col-size")).hasAttribute("aria-sort", "ascending");
        assertThat(view.rowPaths()).containsExactly("Zeta", "c-small.md", "b-medium.txt", "a-large.bin");
        page.getByTestId("sort-name").click();
        assertThat(view.rowPaths()).containsExactly("Zeta", "a-large.bin", "b-medium.txt", "c-small.md");
        Screenshots.save(page, "desktop-dark");
    }

    @Test
    void previous_versions_can_be_listed_and_restored() {
        byte[] first = "first version".getBytes(StandardCharsets.UTF_8);
        open(ViewHarness.desktop()).peer().put("plan.txt", first);
        view.peer().put("plan.txt", "second, longer version".getBytes(StandardCharsets.UTF_8));
        view.openView();

        row("plan.txt").getByTestId("versions-button").click();
        assertThat(page.getByTestId("versions-dialog")).isVisible();
        assertThat(page.getByTestId("version-item")).hasCount(1);
        assertThat(page.getByTestId("version-download")).hasAttribute("href", Pattern.compile("/api/versions/plan\\.txt\\?id="));
        Screenshots.save(page, "desktop-versions");
        page.getByTestId("version-restore").click();

        assertThat(row("plan.txt").getByTestId("file-size")).hasText("13 bytes");
        assertThat(view.peer().get("plan.txt")).isEqualTo(first);
    }

    @Test
    void a_deleted_file_can_be_restored_from_the_deleted_list() {
        byte[] content = "keep me".getBytes(StandardCharsets.UTF_8);
        open(ViewHarness.desktop()).peer().put("Notes/precious.txt", content);
        view.peer().put("Notes/other.txt", bytes(3));
        view.peer().delete("Notes/precious.txt");
        view.openView();

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
        assertThat(view.peer().get("Notes/precious.txt")).isEqualTo(content);
    }

    @Test
    void a_phone_sees_a_list_with_conflict_copies_marked() {
        open(ViewHarness.phone()).peer().put("Photos/2024/beach.jpg", bytes(3_400_000));
        view.peer().put("Documents/annual-report.pdf", bytes(245_000));
        view.peer().put("notes.txt", bytes(900));
        view.peer().put("notes.sync-conflict-20240121-120500-laptop.txt", bytes(1800));
        view.openView();

        assertThat(row("notes.sync-conflict-20240121-120500-laptop.txt").getByTestId("conflict-badge")).isVisible();
        assertThat(row("notes.txt").getByTestId("conflict-badge")).hasCount(0);
        assertThat(row("Photos")).hasAttribute("data-type", "folder");
        Screenshots.save(page, "phone-listing");
    }
}
