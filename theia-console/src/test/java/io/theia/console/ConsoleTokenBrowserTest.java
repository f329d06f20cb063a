package io.theia.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.core.internal.config.SecurityConfig;
import io.theia.core.internal.security.Role;
import io.theia.core.internal.security.TokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console's token prompt end to end in headless Chromium, against a real collector with a token file
 * ({@code docs/security.md}): a reader (role query), an agent (role ingest only) and a token the collector does not
 * know. One collector and one browser serve every test; each test starts with an empty session storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTokenBrowserTest {

    private static final int EVENTS = 30;

    private final String reader = TokenFile.newToken();
    private final String agent = TokenFile.newToken();
    private final String unknown = TokenFile.newToken();
    private final List<Event> events = new ArrayList<>();

    private ConsoleCollector collector;
    private ChromeDriver browser;
    private long base;
    private int stored;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        Path tokens = Files.write(temp.resolve("tokens"), List.of(
                TokenFile.line("reader", Set.of(Role.QUERY), reader),
                TokenFile.line("agent", Set.of(Role.INGEST), agent)));
        collector = new ConsoleCollector(temp.resolve("data"), null, new SecurityConfig(null, tokens, null, null));
        base = Instant.now().getEpochSecond() - 3600;
        for (int i = 0; i < EVENTS; i++) {
            events.add(new Event("e" + i, Instant.ofEpochSecond(base + i * 10L), "/var/log/app",
                    i % 2 == 0 ? List.of("web") : List.of("db"), "request " + i));
        }
        ingest(events);
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

    /** No token from an earlier test: session storage belongs to the origin, so clear it on one of its files. */
    @BeforeEach
    void forgetTheToken() {
        browser.get(collector.url() + "console/console.css");
        browser.executeScript("sessionStorage.clear();");
    }

    @Test
    void withoutATokenThePageAsksForOneAndStaysUsableWhenThePromptIsDismissed() {
        browser.get(collector.url());

        awaitPrompt("unauthorized");
        assertThat(browser.findElement(By.id("token-reason")).getText()).startsWith("Unauthorized: ")
                .contains("a token is required");

        // Esc dismisses a modal dialog without the Cancel button: the page must not wait on it for ever
        browser.findElement(By.id("token")).sendKeys(Keys.ESCAPE);
        Browser.awaitState(browser, "denied");
        assertThat(promptOpen()).isFalse();
        assertThat(browser.findElement(By.id("results")).getAttribute("data-code")).isEqualTo("unauthorized");
        assertThat(browser.findElement(By.id("status-text")).getText()).startsWith("Unauthorized: ");
        // and it does not ask again by itself (a live view retries its connection), only when asked to
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> !promptOpen()
                && "denied".equals(Browser.state(browser)));

        browser.findElement(By.id("token-button")).click();
        awaitPrompt("unauthorized");
        enterToken(reader);
        Browser.awaitState(browser, "live");
        assertThat(Browser.count(browser)).isEqualTo(stored);
        assertThat(browser.findElement(By.id("token-button")).isDisplayed()).isFalse();
    }

    @Test
    void aQueryTokenShowsTheSearchResults() {
        browser.get(collector.url() + "?range=all&tag=web&order=asc&limit=100");

        awaitPrompt("unauthorized");
        enterToken(reader);

        Browser.awaitState(browser, "done");
        List<String> expected = IntStream.range(0, EVENTS).filter(i -> i % 2 == 0).mapToObj(i -> "e" + i).toList();
        assertThat(Browser.renderedIds(browser)).isEqualTo(expected);
        // the histogram asked /histogram with the token too
        await().atMost(Duration.ofSeconds(10)).until(() -> "ready".equals(browser.findElement(By.id("histogram"))
                .getAttribute("data-state")));
        assertThat(promptOpen()).isFalse();
    }

    @Test
    void aQueryTokenFollowsLiveAndSurvivesAReloadWithoutEnteringTheUrl() throws Exception {
        browser.get(collector.url());
        awaitPrompt("unauthorized");
        enterToken(reader);
        Browser.awaitState(browser, "live");
        assertThat(Browser.count(browser)).isEqualTo(stored);

        // tagged neither web nor db, so that the other tests' searches find what they expect in any order
        ingest(List.of(new Event("later-1", Instant.now(), "/var/log/app", List.of("live"), "arrived live")));
        await().atMost(Duration.ofSeconds(5)).until(() -> Browser.renderedIds(browser).contains("later-1"));

        browser.navigate().refresh();
        Browser.awaitState(browser, "live");
        assertThat(promptOpen()).isFalse();
        assertThat(Browser.count(browser)).isEqualTo(stored);
        ingest(List.of(new Event("later-2", Instant.now(), "/var/log/app", List.of("live"), "after the reload")));
        await().atMost(Duration.ofSeconds(5)).until(() -> Browser.renderedIds(browser).contains("later-2"));

        // a search puts its state in the address: the token is not part of it, nor of anything kept beyond the tab
        browser.findElement(By.id("tag-input")).sendKeys("web", Keys.ENTER);
        browser.findElement(By.id("content")).sendKeys("request", Keys.ENTER);
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("tag=web"));
        Browser.awaitState(browser, "live");
        assertThat(browser.getCurrentUrl()).doesNotContain(reader).doesNotContain("token");
        assertThat((String) browser.executeScript("return JSON.stringify(localStorage) + document.cookie;"))
                .doesNotContain(reader);
        assertThat((String) browser.executeScript("return sessionStorage.getItem('theia.token');")).isEqualTo(reader);
    }

    @Test
    void aTokenWithoutTheQueryRoleIsToldForbidden() {
        browser.get(collector.url() + "?range=all&limit=100");
        awaitPrompt("unauthorized");

        enterToken(agent);

        awaitPrompt("forbidden");
        assertThat(browser.findElement(By.id("token-reason")).getText()).startsWith("Forbidden: ")
                .contains("'agent'").contains("query");
        browser.findElement(By.id("token-cancel")).click();
        Browser.awaitState(browser, "denied");
        assertThat(browser.findElement(By.id("results")).getAttribute("data-code")).isEqualTo("forbidden");
        assertThat(browser.findElement(By.id("status-text")).getText()).startsWith("Forbidden: ");
    }

    @Test
    void anUnknownTokenIsToldUnauthorized() {
        browser.get(collector.url() + "?range=all&tag=db&limit=100");
        awaitPrompt("unauthorized");

        enterToken(unknown);

        await().atMost(Duration.ofSeconds(10)).until(() -> promptOpen() && browser.findElement(By.id("token-reason"))
                .getText().contains("unknown token"));
        assertThat(browser.findElement(By.id("token-dialog")).getAttribute("data-code")).isEqualTo("unauthorized");
        assertThat(browser.findElement(By.id("token-reason")).getText()).startsWith("Unauthorized: ");
        // correcting it works
        enterToken(reader);
        Browser.awaitState(browser, "done");
        assertThat(Browser.count(browser)).isEqualTo(EVENTS / 2);
    }

    private void ingest(List<Event> batch) throws Exception {
        collector.ingest(batch);
        stored += batch.size();
    }

    private void enterToken(String token) {
        var input = browser.findElement(By.id("token"));
        input.clear();
        input.sendKeys(token, Keys.ENTER);
    }

    /** Waits for the prompt to show the collector's refusal with {@code code}, a new one each time it is asked. */
    private void awaitPrompt(String code) {
        await().atMost(Duration.ofSeconds(10)).until(() -> promptOpen() && code.equals(browser.findElement(
                By.id("token-dialog")).getAttribute("data-code")));
    }

    private boolean promptOpen() {
        return Boolean.TRUE.equals(browser.executeScript("return document.getElementById('token-dialog').open;"));
    }

}
