package io.theia.store.naive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Batch inserts and lookups agree with one-by-one ones, through growth and equal hashes. */
class IdIndexTest {

    @Test
    void batchesAddedAcrossGrowthAreAllFound() {
        IdIndex index = new IdIndex();
        Random random = new Random(5);
        int count = 50_000;
        long[] hashes = new long[count];
        long[] locations = new long[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = random.nextLong();
            locations[i] = IdIndex.Locations.of(1 + i % 7, i);
        }
        for (int from = 0; from < count; from += 1000) {
            index.addAll(hashes, locations, from, from + 1000);
        }

        assertThat(index.size()).isEqualTo(count);
        for (int i = 0; i < count; i++) {
            List<Long> found = new ArrayList<>();
            index.forEach(hashes[i], found::add);
            assertThat(found).containsExactly(locations[i]);
        }
        assertThat(index.firstPresent(new long[] {random.nextLong(), random.nextLong()}, 0, 2)).isEqualTo(-1);
    }

    @Test
    void firstPresentReturnsEachIndexWhoseHashIsStored() {
        IdIndex index = new IdIndex();
        index.addAll(new long[] {10, 20, 20}, new long[] {IdIndex.Locations.of(1, 0), IdIndex.Locations.of(1, 5),
                IdIndex.Locations.of(2, 0)}, 0, 3);
        long[] probe = {1, 20, 2, 3, 10, 4};

        assertThat(index.firstPresent(probe, 0, probe.length)).isEqualTo(1);
        assertThat(index.firstPresent(probe, 2, probe.length)).isEqualTo(4);
        assertThat(index.firstPresent(probe, 5, probe.length)).isEqualTo(-1);
        List<Long> twenty = new ArrayList<>();
        index.forEach(20, twenty::add);
        assertThat(twenty).containsExactlyInAnyOrder(IdIndex.Locations.of(1, 5), IdIndex.Locations.of(2, 0));
    }

    @Test
    void growingAfterManyRemovalsSizesTheTableForTheLiveEntries() {
        IdIndex index = new IdIndex();
        int count = 20_000;
        long[] hashes = new long[count];
        long[] locations = new long[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = i * 0x9E3779B97F4A7C15L;
            locations[i] = IdIndex.Locations.of(1, i);
        }
        index.addAll(hashes, locations, 0, count);
        long full = index.memoryBytes();
        int halfTheSlots = (int) (full / 16 / 2);
        for (int i = 0; i < count - 10; i++) {
            index.remove(hashes[i], locations[i]);
        }

        index.ensureCapacity(halfTheSlots);

        assertThat(index.memoryBytes()).isLessThanOrEqualTo(full);
        assertThat(index.size()).isEqualTo(10);
        assertThat(index.firstPresent(hashes, count - 10, count)).isEqualTo(count - 10);
    }

    @Test
    void aRemovedLocationIsNoLongerPresent() {
        IdIndex index = new IdIndex();
        long location = IdIndex.Locations.of(3, 100);
        index.addAll(new long[] {99}, new long[] {location}, 0, 1);

        index.remove(99, location);

        assertThat(index.firstPresent(new long[] {99}, 0, 1)).isEqualTo(-1);
        assertThat(index.contains(99)).isFalse();
    }
}
