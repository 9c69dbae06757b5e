package io.rnnc.runtime.export;

/**
 * Where an exported model's start-up time goes: with {@code -Drnnc.startup=true}, each mark is
 * a line on stderr with the milliseconds since {@code main} began (the JVM takes about 0.1 s
 * to get there). Off, it prints nothing.
 */
final class StartupClock {
    private static final boolean ON = Boolean.getBoolean("rnnc.startup");
    private static final long START = System.nanoTime();

    private StartupClock() {
    }

    /** Notes that {@code what} is done. */
    static void mark(String what) {
        if (ON) {
            System.err.printf("model: %s at %d ms%n", what, (System.nanoTime() - START) / 1_000_000);
        }
    }
}
