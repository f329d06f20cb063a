/**
 * Agent mode: the {@link io.theia.core.internal.forward.ForwardingSink} that sources deliver to when the runtime forwards
 * its events to a remote collector instead of storing them ({@code forward.host} set).
 */
package io.theia.core.internal.forward;
