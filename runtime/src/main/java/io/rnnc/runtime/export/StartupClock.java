package io.rnnc.runtime.export;

import java.time.Duration;
import java.time.Instant;

/**
 * Where an exported model's start-up time goes: with {@code -Drnnc.startup=true}, each mark is
 * a line on stderr with the milliseconds since the JVM started. Off, it prints nothing.
 */
final class StartupClock {
    private static final boolean ON = Boolean.getBoolean("rnnc.startup");
    private static final Instant JVM_START = ON ? ProcessHandle.current().info().startInstant().orElse(Instant.now())
            : null;

    private StartupClock() {
    }

    /** Notes that {@code what} is done. */
    static void mark(String what) {
        if (ON) {
            System.err.printf("model: %s at %d ms%n", what, Duration.between(JVM_START, Instant.now()).toMillis());
        }
    }
}
