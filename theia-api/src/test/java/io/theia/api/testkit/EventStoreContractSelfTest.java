package io.theia.api.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.theia.api.event.Event;
import io.theia.api.store.DuplicateEventException;
import io.theia.api.store.EventQuery;
import io.theia.api.store.EventStore;
import io.theia.api.store.EventWriteException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** The conformance kit can fail: stores that break the contract fail its tests. */
class EventStoreContractSelfTest {

    @Test
    void storeThatDoesNotSortFailsTheOrderingTests() {
        Events failed = runContract(UnsortedStoreContract.class);

        assertThat(failed.count()).isPositive();
        assertThat(failedNames(failed)).contains("searchOrdersByTimestampWhateverTheArrivalOrder()");
    }

    @Test
    void storeThatIgnoresDeletesFailsTheDeleteTest() {
        Events failed = runContract(ForgetfulDeleteStoreContract.class);

        assertThat(failedNames(failed)).containsExactly("deletedEventIsGoneFromGetAndSearch()");
    }

    @Test
    void storeThatCannotTellDurabilityFailsTheDurabilityTests() {
        Events failed = runContract(SilentDurabilityStoreContract.class);

        assertThat(failedNames(failed)).containsExactlyInAnyOrder("whenDurableCompletesNormallyForWhatWasSaved()",
                "whenDurableServesConcurrentSaversWithoutBlockingThem()", "closedStoreRejectsEveryOperation()");
    }

    @Test
    void storeThatWordsItsDuplicateErrorAsAPlainWriteErrorFailsTheDuplicateTests() {
        Events failed = runContract(UntypedDuplicateStoreContract.class);

        assertThat(failedNames(failed)).containsExactlyInAnyOrder(
                "duplicateIdIsRejectedNamingItAndTheBatchIsNotApplied()");
    }

    private static Events runContract(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents().failed();
    }

    private static List<String> failedNames(Events failed) {
        return failed.map(event -> event.getTestDescriptor().getDisplayName()).toList();
    }

    /** Keeps the default {@code whenDurable}, which never claims durability. */
    static class SilentDurabilityStoreContract extends EventStoreContract {
        @Override
        protected EventStore openStore() {
            InMemoryEventStore memory = new InMemoryEventStore();
            return new EventStore() {
                @Override
                public void saveAll(List<Event> events) {
                    memory.saveAll(events);
                }

                @Override
                public Event get(String id) {
                    return memory.get(id);
                }

                @Override
                public boolean delete(String id) {
                    return memory.delete(id);
                }

                @Override
                public Stream<Event> search(EventQuery query) {
                    return memory.search(query);
                }

                @Override
                public void close() {
                    memory.close();
                }
            };
        }

        @Override
        protected boolean persistent() {
            return false;
        }
    }

    /** Run only through the engine test kit above: surefire skips nested classes. */
    static class UnsortedStoreContract extends EventStoreContract {
        @Override
        protected EventStore openStore() {
            return new DelegatingEventStore(new InMemoryEventStore()) {
                @Override
                public Stream<Event> search(EventQuery query) {
                    return super.search(EventQuery.all()).filter(query::matches).limit(query.limit());
                }
            };
        }

        @Override
        protected boolean persistent() {
            return false;
        }
    }

    /** Refuses stored ids with a plain {@link EventWriteException}, in words a client cannot rely on. */
    static class UntypedDuplicateStoreContract extends EventStoreContract {
        @Override
        protected EventStore openStore() {
            return new DelegatingEventStore(new InMemoryEventStore()) {
                @Override
                public void saveAll(List<Event> events) {
                    try {
                        super.saveAll(events);
                    } catch (DuplicateEventException e) {
                        throw new EventWriteException("duplicate key value violates unique constraint: "
                                + e.getMessage());
                    }
                }
            };
        }

        @Override
        protected boolean persistent() {
            return false;
        }
    }

    static class ForgetfulDeleteStoreContract extends EventStoreContract {
        @Override
        protected EventStore openStore() {
            return new DelegatingEventStore(new InMemoryEventStore()) {
                @Override
                public boolean delete(String id) {
                    get(id);
                    return true;
                }
            };
        }

        @Override
        protected boolean persistent() {
            return false;
        }
    }
}
