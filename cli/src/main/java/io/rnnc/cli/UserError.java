package io.rnnc.cli;

/**
 * A mistake of the user's (a missing file, a bad option value): printed as one sentence and
 * exit status 1, never as a stack trace.
 */
public final class UserError extends RuntimeException {
    /** @param message one sentence naming the file or option and the problem */
    public UserError(String message) {
        super(message);
    }
}
