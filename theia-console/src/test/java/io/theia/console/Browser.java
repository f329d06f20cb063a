package io.theia.console;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver (both installed by {@code .ci/run}; paths from the
 * system properties {@code theia.chromium} and {@code theia.chromedriver}). A fresh profile each time, and without
 * the background networking that makes it slow on a closed network.
 */
final class Browser {

    private Browser() {
    }

    static ChromeDriver start(Path profile, int width, int height) throws IOException {
        File chromium = new File(System.getProperty("theia.chromium", "/usr/bin/chromium"));
        File driver = new File(System.getProperty("theia.chromedriver", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !driver.canExecute()) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromedriver at " + chromium
                    + " and " + driver + ": apt-get install -y chromium chromium-driver");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--force-device-scale-factor=1",
                "--user-data-dir=" + Files.createDirectories(profile).toAbsolutePath(),
                "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        // the page's viewport exactly width × height (a headless window's size includes its frame)
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", java.util.Map.of("width", width,
                "height", height, "deviceScaleFactor", 1, "mobile", false));
        return browser;
    }

    /** Waits until the results list's {@code data-state} is {@code expected}. */
    static void awaitState(ChromeDriver browser, String expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> expected.equals(state(browser)));
    }

    /** The results list's {@code data-state}. */
    static String state(ChromeDriver browser) {
        return browser.findElement(By.id("results")).getAttribute("data-state");
    }

    /** The results list's {@code data-count}: how many rows it holds. */
    static int count(ChromeDriver browser) {
        return Integer.parseInt(browser.findElement(By.id("results")).getAttribute("data-count"));
    }

    /** The ids of the rows in the DOM (the virtualised list renders those in view), in list order. */
    @SuppressWarnings("unchecked")
    static List<String> renderedIds(ChromeDriver browser) {
        return (List<String>) browser.executeScript("return [...document.querySelectorAll('.row')]"
                + ".sort((a, b) => a.index - b.index).map(row => row.dataset.id);");
    }
}
