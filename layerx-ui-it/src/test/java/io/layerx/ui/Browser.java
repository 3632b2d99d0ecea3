package io.layerx.ui;

import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.BrowserType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Playwright for Java driving Debian's Chromium, headless; the browser is never downloaded. */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    final Playwright playwright;
    final com.microsoft.playwright.Browser browser;

    Browser() {
        playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync")));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
