/**
 * Event stores: the {@link io.theia.api.store.EventStore} SPI, the {@link io.theia.api.store.EventQuery}
 * criteria, the store exceptions and the {@link io.theia.api.store.EventStoreFactory} extension point.
 */
package io.theia.api.store;
