package io.rnnc.cli;

/** Ends a command with a status after it has already said why (diagnostics were printed). */
final class ExitStatus extends RuntimeException {
    private final int status;

    ExitStatus(int status) {
        super(null, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
