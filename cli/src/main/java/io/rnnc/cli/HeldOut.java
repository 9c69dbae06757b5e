package io.rnnc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Which part of a data file `rnnc train` holds out for evaluation, given the fraction F of
 * `--split` (float64 arithmetic, as Python's): of a stream (a text's tokens, a series' rows)
 * the last part, from index {@code n − floor(n·F)}; of a file of lines (examples, blank lines
 * and a header not counted) line i, from 0, where {@code floor((i+1)·F) > floor(i·F)}: every
 * tenth line for F = 0.1, lines 9, 19, 29, ….
 */
final class HeldOut {
    private HeldOut() {
    }

    /** The index where the held-out tail of a stream of {@code n} items starts. */
    static int cut(int n, double fraction) {
        return (int) cut((long) n, fraction);
    }

    /** As {@link #cut(int, double)}, for a corpus's tokens. */
    static long cut(long n, double fraction) {
        return n - (long) Math.floor(n * fraction);
    }

    /** Whether example {@code i} of a file of lines is held out. */
    static boolean isHeldOut(int i, double fraction) {
        return Math.floor((i + 1) * fraction) > Math.floor(i * fraction);
    }

    /** The examples trained on and those held out, in file order. */
    record Parts<T>(List<T> train, List<T> heldOut) {
    }

    /** {@code examples} parted by {@link #isHeldOut}. */
    static <T> Parts<T> lines(List<T> examples, double fraction) {
        List<T> train = new ArrayList<>();
        List<T> heldOut = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            (isHeldOut(i, fraction) ? heldOut : train).add(examples.get(i));
        }
        return new Parts<>(train, heldOut);
    }

    /** How the held-out part was chosen, for the line a run prints when it starts. */
    static String describe(TaskInput in, boolean stream) {
        if (in.heldOut() != null) {
            return in.heldOut().name();
        }
        double every = 1 / in.split();
        if (!stream && every == Math.rint(every)) {
            return "every " + ordinal((long) every) + " example";
        }
        return (stream ? "the last " : "a fraction ") + in.split() + (stream ? "" : ", spread evenly");
    }

    private static String ordinal(long n) {
        return n + (n % 100 >= 11 && n % 100 <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        });
    }
}
