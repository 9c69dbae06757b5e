package io.rnnc.compiler.model;

import io.rnnc.runtime.RnncException;

/**
 * A cell that does not check, or a source without the cell asked for; the message is the
 * diagnostics as `rnnc check` prints them ({@code file:line:col: error: …}, the line, a caret
 * and a hint), or one sentence naming the source and the cells it holds.
 */
public final class InvalidCellException extends RnncException {
    /** @param message the diagnostics, or a sentence naming the source */
    public InvalidCellException(String message) {
        super(message, null);
    }
}
