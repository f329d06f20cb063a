package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.theia.api.event.Event;
import io.theia.api.testkit.TestEvents;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading a source ahead on a pool: order, failures, closing, and many cursors on one thread. */
class ReadAheadCursorTest {

    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    void yieldsEveryEventInOrderAcrossBatches() throws IOException {
        CountingSource source = new CountingSource(20_000, -1);
        ReadAheadCursor cursor = ReadAheadCursor.start("f", () -> source, NO_LIMIT, pool).awaitFirst();

        assertThat(drain(cursor)).hasSize(20_000).isSortedAccordingTo(Integer::compare);
        await().atMost(Duration.ofSeconds(10)).until(source::closed);
    }

    @Test
    void aFailureReachesTheConsumerAfterTheEventsReadBeforeIt() throws IOException {
        ReadAheadCursor cursor = ReadAheadCursor.start("f", () -> new CountingSource(1_000, 700), NO_LIMIT, pool)
                .awaitFirst();
        List<Integer> seen = new ArrayList<>();

        assertThatThrownBy(() -> {
            while (cursor.head() != null) {
                seen.add(number(cursor.head()));
                cursor.advance();
            }
        }).isInstanceOf(IOException.class).hasMessage("disk gone at 700");
        assertThat(seen).hasSize(700);
    }

    @Test
    void aFailingOpenerFailsTheFirstWait() {
        ReadAheadCursor cursor = ReadAheadCursor.start("f", () -> {
            throw new IOException("no such file");
        }, NO_LIMIT, pool);

        assertThatThrownBy(cursor::awaitFirst).isInstanceOf(IOException.class).hasMessage("no such file");
    }

    @Test
    void aGoneFileYieldsNothing() throws IOException {
        assertThat(ReadAheadCursor.start("f", () -> null, NO_LIMIT, pool).awaitFirst().head()).isNull();
    }

    @Test
    void closingEarlyClosesTheSourceAndStopsReading() throws IOException {
        CountingSource source = new CountingSource(1_000_000, -1);
        ReadAheadCursor cursor = ReadAheadCursor.start("f", () -> source, NO_LIMIT, pool).awaitFirst();
        cursor.advance();

        cursor.close();

        await().atMost(Duration.ofSeconds(10)).until(source::closed);
        int read = source.next;
        assertThat(read).isLessThan(100_000);
    }

    @Test
    void manyCursorsShareOneThreadWithoutStarving() throws IOException {
        List<ReadAheadCursor> cursors = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            cursors.add(ReadAheadCursor.start("f" + i, () -> new CountingSource(30_000, -1), NO_LIMIT, pool));
        }
        for (ReadAheadCursor cursor : cursors) {
            cursor.awaitFirst();
        }
        int[] counts = new int[cursors.size()];
        boolean any = true;
        while (any) {
            any = false;
            for (int i = 0; i < cursors.size(); i++) {
                ReadAheadCursor cursor = cursors.get(i);
                for (int n = 0; n < 1000 && cursor.head() != null; n++) {
                    counts[i]++;
                    cursor.advance();
                }
                any |= cursor.head() != null;
            }
        }
        assertThat(counts).containsOnly(30_000);
    }

    @Test
    void neverDecodesMoreThanTheSearchLimit() throws IOException {
        CountingSource source = new CountingSource(100_000, -1);

        assertThat(drain(ReadAheadCursor.start("f", () -> source, 10, pool).awaitFirst())).hasSize(10);
        await().atMost(Duration.ofSeconds(10)).until(source::closed);
        assertThat(source.next).isEqualTo(10);
    }

    @Test
    void readsAheadAboutFourMebibytesOfLargeEvents() throws IOException {
        CountingSource source = new CountingSource(1_000, -1, 1024 * 1024);
        ReadAheadCursor cursor = ReadAheadCursor.start("f", () -> source, NO_LIMIT, pool).awaitFirst();

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(10)).until(() -> source.next <= 6);
        assertThat(drain(cursor)).hasSize(1_000);
    }

    @Test
    void aStoppedPoolReadsOnTheConsumerThread() throws IOException {
        pool.shutdown();

        assertThat(drain(ReadAheadCursor.start("f", () -> new CountingSource(10_000, -1), NO_LIMIT, pool)
                .awaitFirst())).hasSize(10_000);
    }

    private static List<Integer> drain(ReadAheadCursor cursor) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        while (cursor.head() != null) {
            numbers.add(number(cursor.head()));
            cursor.advance();
        }
        return numbers;
    }

    private static int number(Event event) {
        return Integer.parseInt(event.id());
    }

    /** Events numbered 0 to count - 1 with some content; fails on reaching {@code failAt} (unless -1). */
    private static final class CountingSource implements ReadAheadCursor.Source {
        private final int count;
        private final int failAt;
        private final String padding;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile int next;
        private Event head;

        CountingSource(int count, int failAt) {
            this(count, failAt, 0);
        }

        CountingSource(int count, int failAt, int contentChars) {
            this.count = count;
            this.failAt = failAt;
            this.padding = "x".repeat(contentChars);
            this.head = event(0);
        }

        @Override
        public Event head() {
            return head;
        }

        @Override
        public void advance() throws IOException {
            int following = next + 1;
            if (following == failAt) {
                throw new IOException("disk gone at " + failAt);
            }
            next = following;
            head = following < count ? event(following) : null;
        }

        @Override
        public void close() {
            assertThat(closed.getAndSet(true)).as("closed once").isFalse();
        }

        boolean closed() {
            return closed.get();
        }

        private Event event(int n) {
            return TestEvents.event(Integer.toString(n), 1_700_000_000L + n, padding);
        }
    }
}
