package io.theia.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theia.api.event.Event;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventNotFoundException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventReadException;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventWriteException;
import io.theia.api.store.PartialNotice;
import io.theia.api.testkit.DelegatingEventStore;
import io.theia.api.testkit.EventStoreContract;
import io.theia.api.testkit.TestEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store conformance kit's reads over two real collectors: the events of each test are spread over the two
 * collectors' own stores (written to them directly, as their sources would), and every {@code get} and
 * {@code search} goes through the {@code federated} store, over the WebSocket protocol, merged.
 */
class FederatedStoreContractTest extends EventStoreContract {

    @TempDir
    Path dir;
    private PeerCollectors peers;

    @Override
    protected EventStore openStore() throws Exception {
        if (peers == null) {
            peers = PeerCollectors.start(dir, 2);
        }
        return new SpreadingStore(new FederatedStore(new FederatedStoreConfig(peers.addresses(), 5000L)), peers);
    }

    @Override
    protected boolean persistent() {
        return false;
    }

    @AfterEach
    void stopPeers() {
        if (peers != null) {
            peers.close();
        }
    }

    @Test
    void anEventStoredByBothPeersIsFoundOnce() {
        Event twice = TestEvents.event("twice", 5, "x");
        peerStore(0).save(twice);
        peerStore(1).save(twice);
        peerStore(1).save(TestEvents.event("other", 5, "y"));

        assertThat(ids(search(EventQuery.all()))).containsExactlyInAnyOrder("twice", "other").hasSize(2);
    }

    /** A source's lines of one timestamp (one read of the watcher, random ids) keep their order through the merge. */
    @Test
    void eventsOfOneTimestampComePeerByPeerEachInItsStoresOrder() {
        for (String id : List.of("z", "y", "x")) {
            peerStore(0).save(TestEvents.event(id, 5, "x"));
        }
        peerStore(1).save(TestEvents.event("w", 5, "x"));
        peerStore(1).save(TestEvents.event("b", 5, "x"));
        peerStore(1).save(TestEvents.event("late", 6, "x"));

        assertThat(ids(search(EventQuery.all()))).containsExactly("z", "y", "x", "w", "b", "late");
        assertThat(ids(search(EventQuery.builder().limit(4).build()))).containsExactly("z", "y", "x", "w");
        List<String> descending = ids(search(EventQuery.builder().order(EventQuery.Order.DESC).build()));
        assertThat(descending.get(0)).isEqualTo("late");
        assertThat(descending.subList(1, 4)).containsExactlyInAnyOrder("z", "y", "x");
    }

    @Test
    void aPeerThatIsDownFailsTheQueryNamingIt() {
        store.save(TestEvents.event("a", 1, "x"));
        String down = peers.addresses().get(1);
        peers.get(1).close();

        assertThatThrownBy(() -> search(EventQuery.all())).isInstanceOf(EventReadException.class)
                .hasMessageContaining(down);
    }

    @Test
    void aQueryThatAcceptsPartialResultsGetsTheOtherPeersEventsAndANoticeNamingTheMissingPeer() {
        peerStore(0).save(TestEvents.event("a", 1, "x"));
        peerStore(0).save(TestEvents.event("b", 2, "x"));
        peerStore(1).save(TestEvents.event("c", 3, "y"));
        String down = peers.addresses().get(1);
        peers.get(1).close();
        List<PartialNotice> notices = new ArrayList<>();

        List<String> found = ids(search(EventQuery.builder().partial(true).noticesTo(notices::add).build()));

        assertThat(found).containsExactly("a", "b");
        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.missing()).containsExactly(down);
            assertThat(notice.message()).contains("peer collector " + down);
        });
    }

    @Test
    void writesAreRefusedAsReadOnly() {
        try (FederatedStore federated = new FederatedStore(new FederatedStoreConfig(peers.addresses(), 5000L))) {
            assertThatThrownBy(() -> federated.save(TestEvents.event("a", 1, "x")))
                    .isInstanceOf(EventWriteException.class).hasMessageContaining("read-only");
            assertThatThrownBy(() -> federated.delete("a")).isInstanceOf(EventWriteException.class);
        }
    }

    private EventStore peerStore(int index) {
        return peers.get(index).store().orElseThrow();
    }

    /**
     * Writes go to the peers' stores directly (each event to one peer, by its id), checked for ids taken on either
     * peer as one store would; reads go through the federated store.
     */
    private static final class SpreadingStore extends DelegatingEventStore {
        private final FederatedStore federated;
        private final PeerCollectors peers;

        SpreadingStore(FederatedStore federated, PeerCollectors peers) {
            super(federated);
            this.federated = federated;
            this.peers = peers;
        }

        @Override
        public synchronized void saveAll(List<Event> events) {
            federated.whenDurable();
            Set<String> ids = new HashSet<>();
            for (Event event : events) {
                if (!ids.add(event.id())) {
                    throw new EventWriteException("event id '" + event.id() + "' appears twice in the batch");
                }
                if (storedOnAPeer(event.id())) {
                    throw new DuplicateEventException(List.of(event.id()),
                            "event id '" + event.id() + "' is already stored");
                }
            }
            List<List<Event>> parts = new ArrayList<>();
            for (int i = 0; i < peers.size(); i++) {
                parts.add(new ArrayList<>());
            }
            events.forEach(event -> parts.get(Math.floorMod(event.id().hashCode(), peers.size())).add(event));
            for (int i = 0; i < peers.size(); i++) {
                if (!parts.get(i).isEmpty()) {
                    peers.get(i).store().orElseThrow().saveAll(parts.get(i));
                }
            }
        }

        @Override
        public synchronized boolean delete(String id) {
            federated.whenDurable();
            boolean deleted = false;
            for (int i = 0; i < peers.size(); i++) {
                deleted |= peers.get(i).store().orElseThrow().delete(id);
            }
            return deleted;
        }

        private boolean storedOnAPeer(String id) {
            for (int i = 0; i < peers.size(); i++) {
                try {
                    peers.get(i).store().orElseThrow().get(id);
                    return true;
                } catch (EventNotFoundException e) {
                    // not on this one
                }
            }
            return false;
        }

        @Override
        public Stream<Event> search(EventQuery query) {
            return federated.search(query);
        }
    }
}
