package io.rnnc.cli;

/**
 * Something this machine cannot do as asked (the OpenCL device named, a checkpoint that cannot
 * be written): one sentence and exit status {@link Exit#UNAVAILABLE}.
 */
public final class UnavailableError extends UserError {
    /** @param message one sentence naming what is missing or failed */
    public UnavailableError(String message) {
        super(message);
    }

    @Override
    public int status() {
        return Exit.UNAVAILABLE;
    }
}
