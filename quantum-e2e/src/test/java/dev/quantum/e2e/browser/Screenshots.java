package dev.quantum.e2e.browser;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.ScreenshotAnimations;
import java.nio.file.Path;

/** Saves full-page screenshots under {@code target/screenshots/} for people to look at. */
final class Screenshots {

    static final Path DIRECTORY = Path.of(System.getProperty("quantum.screenshots", "target/screenshots"));

    private Screenshots() {
    }

    static void save(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(DIRECTORY.resolve(name + ".png"))
                .setFullPage(true).setAnimations(ScreenshotAnimations.DISABLED));
    }
}
