package io.keel.strategy.app.signals;

/**
 * What happened to a definition's signal, fired (synchronously, as a CDI event) by {@link SignalService}
 * for whoever counts them (the metrics), so that the service depends on none of its observers.
 *
 * @param definition the definition's name; null for {@link Kind#CHANGED}
 */
public record SignalEvent(Kind kind, String definition) {

    public enum Kind {
        /** A signal was newly stored. */
        EMITTED,
        /** The daily job found a definition's latest signal STALE. */
        STALE,
        /** The daily job could not compute a definition's signal. */
        FAILED,
        /** The stored signals changed (a job firing ended, or a signal was computed on demand). */
        CHANGED
    }
}
