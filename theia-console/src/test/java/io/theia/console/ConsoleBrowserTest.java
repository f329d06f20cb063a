package io.theia.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console end to end in headless Chromium against a real collector on the naive store: what a person sees.
 * One collector and one browser serve every test (each test loads the page afresh); 300 known events span the half
 * hour before the last ten minutes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest {

    private static final int EVENTS = 300;
    private static final int LIVE_QUEUE = 8;
    /** Multi-byte text, several lines, an extra header: the browser decodes the wire format exactly. */
    private static final Event RICH = new Event("rich-1",
            Instant.ofEpochSecond(Instant.now().getEpochSecond() - 300, 123_456_789),
            "/dev/sensors/door1", List.of("home", "dörs"), "Door unlocked ✓ 𝄞\nevent: 1 2 3\nthird line ü",
            Map.of("x-host", "door-gw"));
    private static final long SPACING_SECONDS = 6;

    private Path temp;

    private ConsoleCollector collector;
    private ChromeDriver browser;
    private final List<Event> events = new ArrayList<>();
    private long base;
    private int stored;
    private String newest;

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        temp = directory;
        // a short live queue, so that a burst makes the collector drop for the page (dropNoticesAreShown)
        collector = new ConsoleCollector(temp.resolve("data"), LIVE_QUEUE);
        base = Instant.now().getEpochSecond() / 60 * 60 - 40 * 60;
        for (int i = 0; i < EVENTS; i++) {
            List<String> tags = switch (i % 3) {
                case 0 -> List.of("web", "prod");
                case 1 -> List.of("db", "prod");
                default -> List.of("web", "dev");
            };
            String content = i % 10 == 0 ? "ERROR timeout on request " + i + " after 3s"
                    : i % 50 == 1 ? "request " + i + " failed\n  at Handler.java:42\n  at Server.java:7"
                    : "request " + i + " served in 12ms";
            events.add(new Event("e" + i, Instant.ofEpochSecond(base + i * SPACING_SECONDS, 123_456_789L),
                    "/var/log/app" + i % 2, tags, content));
        }
        ingest(events);
        ingest(List.of(RICH));
        browser = Browser.start(temp.resolve("profile"), 1280, 800);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void theDefaultPageShowsTheNewestEventsOldestFirstAndFollowsLive() {
        browser.get(collector.url());

        Browser.awaitState(browser, "live");
        assertThat(Browser.count(browser)).isEqualTo(stored);
        List<String> shown = Browser.renderedIds(browser);
        assertThat(shown.get(shown.size() - 1)).isEqualTo(newest);
        assertThat(browser.findElement(By.id("live")).isSelected()).isTrue();
    }

    @Test
    void aSearchByTagAndContentPatternShowsExactlyTheMatchesInOrderHighlighted() throws Exception {
        browser.get(collector.url() + "?range=all&order=desc&limit=10000");
        Browser.awaitState(browser, "done");

        browser.findElement(By.id("tag-input")).sendKeys("web", Keys.ENTER);
        browser.findElement(By.id("content")).sendKeys("ERROR.*timeout");
        browser.executeScript("document.getElementById('order').value = 'asc';");
        browser.findElement(By.id("content")).sendKeys(Keys.ENTER);

        List<String> expected = IntStream.range(0, EVENTS).filter(i -> i % 10 == 0 && i % 3 != 1)
                .mapToObj(i -> "e" + i).toList();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Browser.state(browser) + " " + Browser.count(browser) + " "
                + browser.getCurrentUrl()).isEqualTo("done " + expected.size() + " " + browser.getCurrentUrl()));
        assertThat(Browser.renderedIds(browser)).isEqualTo(expected);
        assertThat(browser.findElements(By.cssSelector(".row mark")).get(0).getText()).isEqualTo("ERROR timeout");
        assertThat(browser.getCurrentUrl()).contains("tag=web").contains("content=ERROR.*timeout")
                .contains("order=asc");
        screenshot("console-search.png", () -> browser.findElements(By.cssSelector(".row")).get(2).click());
    }

    @Test
    void aPastedUrlReproducesTheSearch() {
        String url = collector.url() + "?range=all&tag=prod&tag=db&content=request+%5B0-9%5D%2B1+&order=desc&limit=5";
        browser.get("about:blank");
        browser.get(url);

        Browser.awaitState(browser, "done");
        // prod+db: i % 3 == 1; content "request <digits ending in 1> ": i ends in 1, not ERROR lines; newest first
        List<String> expected = IntStream.iterate(EVENTS - 1, i -> i >= 0, i -> i - 1)
                .filter(i -> i % 3 == 1 && i % 10 == 1).limit(5).mapToObj(i -> "e" + i).toList();
        assertThat(Browser.renderedIds(browser)).isEqualTo(expected);
        assertThat(browser.findElements(By.cssSelector("#chips .chip")).stream()
                .map(chip -> chip.getAttribute("data-tag")).toList()).containsExactly("prod", "db");
        assertThat(browser.findElement(By.id("content")).getAttribute("value")).isEqualTo("request [0-9]+1 ");
        assertThat(browser.findElement(By.id("limit")).getAttribute("value")).isEqualTo("5");
    }

    @Test
    void aBadPatternShowsAnInlineErrorUnderItsField() {
        browser.get(collector.url() + "?range=all&limit=10");
        Browser.awaitState(browser, "done");

        browser.findElement(By.id("content")).sendKeys("(unclosed", Keys.ENTER);

        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElement(By.id("content-error")).getText()
                .isEmpty());
        assertThat(browser.findElement(By.id("content-error")).getText()).contains("content").contains("(unclosed");
        assertThat(browser.findElement(By.id("content")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("source-error")).getText()).isEmpty();
        assertThat(Browser.state(browser)).isEqualTo("error");
    }

    @Test
    void theHistogramBucketCountsAreTheIngestedDistribution() {
        long from = base - 60;
        long to = base + EVENTS * SPACING_SECONDS + 60;
        browser.get(collector.url() + "?range=custom&from=" + from + "&to=" + to + "&order=asc&limit=10000");

        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(
                browser.findElement(By.id("histogram")).getAttribute("data-state")));
        BigDecimal origin = new BigDecimal(browser.findElement(By.id("histogram")).getAttribute("data-origin"));
        long width = Long.parseLong(browser.findElement(By.id("histogram")).getAttribute("data-width"));
        List<Long> bars = browser.findElements(By.cssSelector("#bars .bar")).stream()
                .map(bar -> Long.parseLong(bar.getAttribute("data-count"))).toList();
        long[] expected = new long[bars.size()];
        for (Event event : events) {
            long offset = event.timestamp().getEpochSecond() - origin.longValueExact();
            expected[(int) (offset / width)]++;
        }
        assertThat(bars).containsExactlyElementsOf(java.util.Arrays.stream(expected).boxed().toList());
        assertThat(bars.stream().mapToLong(Long::longValue).sum()).isEqualTo(EVENTS);
        assertThat(bars.stream().filter(count -> count > 0).count()).isGreaterThan(10);
    }

    @Test
    void theLiveViewShowsAnEventIngestedAfterThePageOpenedWithinTwoSeconds() throws Exception {
        browser.get(collector.url());
        Browser.awaitState(browser, "live");
        int before = Browser.count(browser);

        Event fresh = new Event("live-" + System.nanoTime(), Instant.now(), "/var/log/app0", List.of("live"),
                "a fresh event while the page was open");
        long sent = System.nanoTime();
        ingest(List.of(fresh));

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> Browser.renderedIds(browser).contains(fresh.id()));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(2));
        assertThat(Browser.count(browser)).isEqualTo(before + 1);
        List<String> shown = Browser.renderedIds(browser);
        assertThat(shown.get(shown.size() - 1)).as("auto-scrolled to the newest").isEqualTo(fresh.id());
        screenshot("console-live.png", () -> { });
    }

    @Test
    void pauseHoldsNewEventsBackAndResumeShowsThem() throws Exception {
        browser.get(collector.url());
        Browser.awaitState(browser, "live");
        int before = Browser.count(browser);

        browser.findElement(By.id("pause")).click();
        Browser.awaitState(browser, "paused");
        Event held = new Event("held-" + System.nanoTime(), Instant.now(), "/var/log/app1", List.of("live"),
                "arrived while paused");
        ingest(List.of(held));
        await().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.id("pause")).getText()
                .contains("1 new"));
        assertThat(Browser.renderedIds(browser)).doesNotContain(held.id());
        assertThat(Browser.count(browser)).isEqualTo(before);

        browser.findElement(By.id("pause")).click();

        Browser.awaitState(browser, "live");
        assertThat(Browser.count(browser)).isEqualTo(before + 1);
        assertThat(Browser.renderedIds(browser)).contains(held.id());
    }

    @Test
    void slashFocusesTheSearchEscapeClearsItAndEnterRuns() {
        browser.get(collector.url() + "?range=all&tag=web&content=timeout&limit=10");
        Browser.awaitState(browser, "done");

        browser.findElement(By.tagName("body")).sendKeys("/");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("content");
        browser.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        assertThat(browser.findElement(By.id("content")).getAttribute("value")).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#chips .chip"))).isEmpty();

        browser.findElement(By.id("source")).sendKeys("app1", Keys.ENTER);

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("source=app1")
                && "done".equals(Browser.state(browser)));
        assertThat(Browser.renderedIds(browser)).hasSize(10);
        assertThat(browser.findElements(By.cssSelector(".row .source")).stream().map(source -> source.getText())
                .toList()).hasSize(10).allSatisfy(source -> assertThat(source).isEqualTo("/var/log/app1"));
    }

    @Test
    void draggingOnTheHistogramNarrowsTheRange() {
        long from = base - 60;
        long to = base + EVENTS * SPACING_SECONDS + 60;
        browser.get(collector.url() + "?range=custom&from=" + from + "&to=" + to + "&order=asc&limit=10000");
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(
                browser.findElement(By.id("histogram")).getAttribute("data-state")) && "done".equals(Browser.state(browser)));
        org.openqa.selenium.WebElement bars = browser.findElement(By.id("bars"));
        int width = bars.getRect().getWidth();

        new org.openqa.selenium.interactions.Actions(browser)
                .moveToElement(bars, -width / 4, 0).clickAndHold()
                .moveToElement(bars, width / 4, 0).release().perform();

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("from=")
                && !browser.getCurrentUrl().contains("from=" + from) && "done".equals(Browser.state(browser)));
        java.util.Map<String, String> query = new java.util.HashMap<>();
        for (String pair : java.net.URI.create(browser.getCurrentUrl()).getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        long narrowedFrom = Long.parseLong(query.get("from"));
        long narrowedTo = Long.parseLong(query.get("to"));
        assertThat(narrowedFrom).isGreaterThan(from);
        assertThat(narrowedTo).isLessThan(to).isGreaterThan(narrowedFrom);
        long inside = events.stream().filter(e -> e.timestamp().getEpochSecond() >= narrowedFrom
                && e.timestamp().getEpochSecond() < narrowedTo).count();
        assertThat(Browser.count(browser)).isEqualTo((int) inside).isGreaterThan(0).isLessThan(EVENTS);
    }

    @Test
    void anExpandedRowShowsTheWholeEventExactly() {
        browser.get(collector.url() + "?range=all&content=third&limit=10");
        Browser.awaitState(browser, "done");
        assertThat(Browser.renderedIds(browser)).containsExactly(RICH.id());

        browser.findElement(By.cssSelector(".row")).click();

        String content = (String) browser.executeScript(
                "return document.querySelector('.row.expanded .full-content').textContent;");
        assertThat(content).isEqualTo(RICH.content());
        String details = browser.findElement(By.cssSelector(".row.expanded dl")).getText();
        assertThat(details).contains("rich-1").contains("x-host").contains("door-gw").contains("home, dörs")
                .contains(RICH.timestamp().getEpochSecond() + ".123456789");
        assertThat(browser.findElements(By.cssSelector(".row.expanded button[data-copy]"))).hasSizeGreaterThan(3);
        assertThat(browser.findElement(By.cssSelector(".row.expanded mark")).getText()).isEqualTo("third");
    }

    @Test
    void theCollectorsDropNoticesAreShownAndAccountForEveryEvent() throws Exception {
        browser.get(collector.url());
        Browser.awaitState(browser, "live");
        int before = Browser.count(browser);
        int burst = 2000;
        List<Event> events = IntStream.range(0, burst).mapToObj(i -> new Event("burst-" + i + "-" + System.nanoTime(),
                Instant.now(), "/burst", List.of("burst"), "burst " + i)).toList();

        ingest(events);

        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("drops")).isDisplayed());
        String notice = browser.findElement(By.id("drops")).getText();
        assertThat(notice).matches("[0-9,]+ dropped by the collector: this view fell behind");
        assertThat(dropped()).isPositive();
        // a later notice may add to the first: shown + dropped is every event of the burst once both settle
        await().atMost(Duration.ofSeconds(10)).until(() -> Browser.count(browser) - before + dropped() == burst);
    }

    private int dropped() {
        String notice = browser.findElement(By.id("drops")).getText();
        return Integer.parseInt(notice.substring(0, notice.indexOf(' ')).replace(",", ""));
    }

    @Test
    void theThemeFollowsTheSystemsColourScheme() {
        try {
            for (String scheme : List.of("light", "dark")) {
                browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                        List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
                browser.get(collector.url() + "?range=all&limit=10");
                Browser.awaitState(browser, "done");
                assertThat(browser.executeScript("return getComputedStyle(document.body).backgroundColor;"))
                        .as(scheme).isEqualTo(scheme.equals("dark") ? "rgb(21, 24, 29)" : "rgb(251, 251, 252)");
            }
        } finally {
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void atPhoneWidthNothingOverflowsSideways() throws Exception {
        ChromeDriver phone = Browser.start(temp.resolve("phone"), 390, 844);
        try {
            phone.get(collector.url() + "?range=all&order=desc&limit=50");
            await().atMost(Duration.ofSeconds(10)).until(() -> "done".equals(phone.findElement(By.id("results"))
                    .getAttribute("data-state")));
            Map<?, ?> sizes = (Map<?, ?>) phone.executeScript("return {scroll: document.documentElement.scrollWidth, "
                    + "view: window.innerWidth, rows: document.querySelectorAll('.row').length};");
            assertThat(((Number) sizes.get("scroll")).intValue()).isLessThanOrEqualTo(
                    ((Number) sizes.get("view")).intValue());
            assertThat(((Number) sizes.get("rows")).intValue()).isGreaterThan(10);
        } finally {
            phone.quit();
        }
    }

    private void ingest(List<Event> batch) throws Exception {
        collector.ingest(batch);
        stored += batch.size();
        newest = batch.get(batch.size() - 1).id();
    }

    /** With -Dtheia.screenshots=<dir>, saves what the page shows after an action (for docs/images). */
    private void screenshot(String name, Runnable prepare) throws Exception {
        String dir = System.getProperty("theia.screenshots", "");
        if (dir.isBlank()) {
            return;
        }
        prepare.run();
        Thread.sleep(300); // only for the picture: let the expanded row and the bars settle
        Files.createDirectories(Path.of(dir));
        Files.write(Path.of(dir, name), browser.getScreenshotAs(OutputType.BYTES));
    }
}
