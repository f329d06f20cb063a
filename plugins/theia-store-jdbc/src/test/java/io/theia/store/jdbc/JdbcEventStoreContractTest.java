package io.theia.store.jdbc;

import io.theia.api.store.EventStore;
import io.theia.api.testkit.EventStoreContract;
import java.util.Map;

/** The store conformance kit, unchanged, against a real PostgreSQL server: each test gets a table of its own. */
class JdbcEventStoreContractTest extends EventStoreContract {

    private String table;

    @Override
    protected EventStore openStore() {
        if (table == null) {
            table = TestPostgres.newTable("contract");
        }
        return JdbcEventStore.open(TestPostgres.shared().config(table), Map.of());
    }
}
