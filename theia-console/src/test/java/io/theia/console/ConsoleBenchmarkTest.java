package io.theia.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console's measurements of {@code docs/benchmarks.md} ("Web console"), in headless Chromium against a real
 * collector on the naive store. Off by default (minutes, a million events on disk); run with
 * {@code -Dtheia.console.bench=true}. Prints its figures.
 */
@EnabledIfSystemProperty(named = "theia.console.bench", matches = "true")
class ConsoleBenchmarkTest {

    private static final int MILLION = Integer.getInteger("theia.console.bench.events", 1_000_000);

    @Test
    void firstRowsOfAMillionEventSearchAndScrollingAHundredThousandRows(@TempDir Path temp) throws Exception {
        try (ConsoleCollector collector = new ConsoleCollector(temp.resolve("data"))) {
            long start = Instant.now().getEpochSecond() - MILLION / 100;
            long began = System.nanoTime();
            List<Event> batch = new ArrayList<>(10_000);
            for (int i = 0; i < MILLION; i++) {
                batch.add(new Event("m" + i, Instant.ofEpochSecond(start, i % 100 * 10_000_000L).plusSeconds(i / 100),
                        "/var/log/bench" + i % 7, List.of(i % 2 == 0 ? "even" : "odd", "bench"),
                        "request " + i + " served in " + i % 97 + "ms status=" + (i % 13 == 0 ? 500 : 200)));
                if (batch.size() == 10_000) {
                    collector.ingest(batch);
                    batch = new ArrayList<>(10_000);
                }
            }
            System.out.printf("console bench: ingested %,d events in %d s%n", MILLION,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
            ChromeDriver browser = Browser.start(temp.resolve("profile"), 1280, 800);
            try {
                long[] sinceSearch = new long[7];
                long[] sinceNavigation = new long[7];
                for (int run = 0; run < sinceSearch.length; run++) {
                    browser.get("about:blank");
                    browser.get(collector.url() + "?range=all&order=desc&limit=1000000");
                    await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElement(By.tagName("body"))
                            .getAttribute("data-first-row-ms") != null);
                    sinceSearch[run] = Long.parseLong(browser.findElement(By.tagName("body"))
                            .getAttribute("data-first-row-ms"));
                    sinceNavigation[run] = Long.parseLong(browser.findElement(By.tagName("body"))
                            .getAttribute("data-first-row-at"));
                }
                browser.get("about:blank");
                System.out.printf("console bench: 1M-event search, first rows after the search started: %s ms "
                        + "(median %d); after navigation started: %s ms (median %d)%n", Arrays.toString(sinceSearch),
                        median(sinceSearch), Arrays.toString(sinceNavigation), median(sinceNavigation));

                browser.get(collector.url() + "?range=all&order=desc&limit=100000");
                await().atMost(Duration.ofSeconds(120)).until(() -> "done".equals(
                        browser.findElement(By.id("results")).getAttribute("data-state")));
                String status = browser.findElement(By.id("status-text")).getText();
                Map<?, ?> frames = (Map<?, ?>) browser.executeAsyncScript(SCROLL_THROUGH);
                System.out.printf("console bench: 100k rows (%s); scrolling through all of them in 3 s: %s%n", status,
                        frames);
                assertThat(((Number) frames.get("frames")).intValue()).isGreaterThan(0);
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void liveTailAtFiveThousandEventsPerSecond(@TempDir Path temp) throws Exception {
        int rate = Integer.getInteger("theia.console.bench.rate", 5_000);
        int seconds = 20;
        try (ConsoleCollector collector = new ConsoleCollector(temp.resolve("data"))) {
            ChromeDriver browser = Browser.start(temp.resolve("profile"), 1280, 800);
            try {
                browser.get(collector.url());
                await().atMost(Duration.ofSeconds(10)).until(() -> "live".equals(
                        browser.findElement(By.id("results")).getAttribute("data-state")));
                browser.executeScript(FRAME_WATCH);
                int sent = 0;
                long began = System.nanoTime();
                for (int tick = 0; tick < seconds * 100; tick++) {
                    List<Event> batch = new ArrayList<>();
                    for (int i = 0; i < rate / 100; i++) {
                        batch.add(new Event("l" + sent, Instant.now(), "/var/log/live", List.of("live"),
                                "live event " + sent++ + " with some text to show"));
                    }
                    collector.ingest(batch);
                    long due = began + TimeUnit.MILLISECONDS.toNanos(10L * (tick + 1));
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                double achieved = sent / ((System.nanoTime() - began) / 1e9);
                Event marker = new Event("marker", Instant.now(), "/var/log/live", List.of("live"), "the marker");
                long markerSent = System.nanoTime();
                collector.ingest(List.of(marker));
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> Boolean.TRUE
                        .equals(browser.executeScript("return !!document.querySelector('.row[data-id=\"marker\"]');")));
                long markerMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - markerSent);
                Map<?, ?> frames = (Map<?, ?>) browser.executeScript("return window.frameWatch.report();");
                String shown = browser.findElement(By.id("results")).getAttribute("data-count");
                String drops = browser.findElement(By.id("drops")).getText();
                System.out.printf("console bench: live tail, %d events at %.0f/s for %d s: %s rows shown, drops: '%s';"
                        + " frames %s; an event sent after the burst shown after %d ms%n", sent, achieved, seconds,
                        shown, drops, frames, markerMillis);
                assertThat(Integer.parseInt(shown)).isEqualTo(sent + 1);
            } finally {
                browser.quit();
            }
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Records the gaps between animation frames until report() is called. */
    private static final String FRAME_WATCH = """
            const gaps = [];
            let last = performance.now();
            let running = true;
            const tick = now => { gaps.push(now - last); last = now; if (running) requestAnimationFrame(tick); };
            requestAnimationFrame(tick);
            window.frameWatch = { report() {
              running = false;
              const sorted = [...gaps].sort((a, b) => a - b);
              const at = q => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
              return { frames: gaps.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) };
            } };
            """;

    /** Scrolls from top to bottom over 3 s, one step per frame, and reports the frame gaps. */
    private static final String SCROLL_THROUGH = """
            const done = arguments[arguments.length - 1];
            const scroller = document.getElementById('results');
            const gaps = [];
            const began = performance.now();
            let last = began;
            const step = now => {
              gaps.push(now - last); last = now;
              const f = Math.min(1, (now - began) / 3000);
              scroller.scrollTop = f * (scroller.scrollHeight - scroller.clientHeight);
              if (f < 1) { requestAnimationFrame(step); return; }
              const sorted = [...gaps].sort((a, b) => a - b);
              const at = q => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
              done({ frames: gaps.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1),
                     rowsInDom: document.querySelectorAll('.row').length });
            };
            requestAnimationFrame(step);
            """;
}
