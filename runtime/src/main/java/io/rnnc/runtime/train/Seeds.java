package io.rnnc.runtime.train;

/** Derives independent seeds from one run seed, so each random choice depends only on where it is made. */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed seed for use {@code stream} at {@code step} of the run seeded {@code seed}. */
    public static long mix(long seed, long step, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
