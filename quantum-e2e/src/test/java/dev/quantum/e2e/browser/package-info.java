/** The browser view tested in a real headless Chromium driven by Playwright, against a real server. */
package dev.quantum.e2e.browser;
