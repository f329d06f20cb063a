package io.theia.api.store;

/**
 * A write failed and the store could not undo it: the events it names may be stored (visible to
 * {@link EventStore#get} and {@link EventStore#search} now, and possibly surviving a restart) or not. Unlike a plain
 * {@link EventWriteException}, which promises that nothing of the batch is stored, this promises nothing: a
 * client should send the events again and take "already stored" for success. Thrown by {@code saveAll} when
 * rolling a failed write back failed, and by {@link EventStore#whenDurable()} when events that were saved (and
 * are visible) could not be put on stable storage.
 */
public class EventsInDoubtException extends EventWriteException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming what failed, and its cause. */
    public EventsInDoubtException(String message, Throwable cause) {
        super(message, cause);
    }
}
