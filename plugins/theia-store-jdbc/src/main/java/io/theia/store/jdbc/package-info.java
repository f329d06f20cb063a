/**
 * The {@code jdbc} store plugin: events in a PostgreSQL table, shared by any number of collectors. See
 * {@link io.theia.store.jdbc.JdbcStoreFactory} and {@link io.theia.store.jdbc.JdbcStoreConfig}.
 */
package io.theia.store.jdbc;
