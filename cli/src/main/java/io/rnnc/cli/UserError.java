package io.rnnc.cli;

/**
 * A wrong input (a missing or malformed file, a cell with errors, a checkpoint of another
 * model): printed as one sentence and exit status {@link Exit#BAD_INPUT}, never as a stack
 * trace. {@link UsageError} is the same for a wrong command line, {@link UnavailableError}
 * for what this machine cannot do.
 */
public class UserError extends RuntimeException {
    /** @param message one sentence naming the file or option and the problem */
    public UserError(String message) {
        super(message);
    }

    /** The exit status this error ends the command with. */
    public int status() {
        return Exit.BAD_INPUT;
    }
}
