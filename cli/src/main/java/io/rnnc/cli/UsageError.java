package io.rnnc.cli;

/**
 * A mistake in the command line itself (a bad option value, options that contradict): one
 * sentence and exit status {@link Exit#USAGE}, as picocli gives for an unknown option.
 */
public final class UsageError extends UserError {
    /** @param message one sentence naming the option and what it takes */
    public UsageError(String message) {
        super(message);
    }

    @Override
    public int status() {
        return Exit.USAGE;
    }
}
