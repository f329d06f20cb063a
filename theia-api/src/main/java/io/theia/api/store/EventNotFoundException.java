package io.theia.api.store;

/** No event with the requested id is stored. */
public class EventNotFoundException extends EventReadException {

    private static final long serialVersionUID = 1L;

    private final String eventId;

    /** Creates the exception for the id that was looked up. */
    public EventNotFoundException(String eventId) {
        super("no event with id '" + eventId + "' is stored");
        this.eventId = eventId;
    }

    /** The id that was looked up. */
    public String eventId() {
        return eventId;
    }
}
