package io.theia.api.store;

import java.util.List;
import java.util.Objects;

/**
 * What a store that answers for several parts (the {@code federated} store: one part per peer collector) tells a
 * caller that accepted partial results ({@link EventQuery#partial()}) when a part's results are missing: which parts
 * are missing now, and why, in words for people. The collector sends it to the client as the text frame
 * {@code {"notice": "<message>", "code": "partial"|"complete", "missing": [...]}} ({@code docs/protocol.md}).
 *
 * <p>Each notice gives the whole set of parts missing at that moment, so the last one received is the state: for a
 * search, every part whose results are missing or incomplete; for a live subscription, the parts whose events are
 * not arriving now. An empty list (only for live subscriptions) says every part delivers again.
 *
 * @param missing the names of the parts whose results are missing, in the store's order; empty once all are back
 * @param message why, for people (names the part and the cause); clients decide on {@code missing}, never on it
 */
public record PartialNotice(List<String> missing, String message) {

    /** Copies the list; checks that nothing is null. */
    public PartialNotice {
        missing = List.copyOf(missing);
        Objects.requireNonNull(message, "message");
    }

    /** Whether every part delivers again (no part is missing). */
    public boolean complete() {
        return missing.isEmpty();
    }
}
