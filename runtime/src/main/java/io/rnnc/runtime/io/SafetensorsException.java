package io.rnnc.runtime.io;

/**
 * A safetensors file could not be read. The message is one sentence that starts with the file
 * name and says what is wrong, ready to show to a user.
 */
public final class SafetensorsException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception for a problem with a file.
     *
     * @param message the complete user-facing message, starting with the file name
     */
    public SafetensorsException(String message) {
        super(message);
    }

    /**
     * Creates an exception for a problem caused by a lower-level failure.
     *
     * @param message the complete user-facing message, starting with the file name
     * @param cause the underlying failure
     */
    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
