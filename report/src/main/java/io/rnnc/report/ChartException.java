package io.rnnc.report;

/** A chart could not be drawn on this machine (no fonts) or written; the message says what to do. */
public final class ChartException extends RuntimeException {
    ChartException(String message, Throwable cause) {
        super(message, cause);
    }
}
