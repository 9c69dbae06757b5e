package io.rnnc.stdlib;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Cells;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The cells rnnc ships, named `stdlib:NAME` on the command line. */
public final class Stdlib {
    /** The prefix that names a stdlib cell instead of a file. */
    public static final String PREFIX = "stdlib:";

    private static final List<String> NAMES = List.of("rnn_tanh", "rnn_relu", "lstm", "gru");

    private Stdlib() {
    }

    /** The names of the stdlib cells. */
    public static List<String> names() {
        return NAMES;
    }

    /** True when {@code ref} names a stdlib cell (`stdlib:lstm`), known or not. */
    public static boolean isStdlibRef(String ref) {
        return ref.startsWith(PREFIX);
    }

    /**
     * The source of a stdlib cell.
     *
     * @param name the name without the prefix, e.g. `lstm`
     * @return the source, named `stdlib:lstm`, or null when there is no such cell
     */
    public static Source source(String name) {
        if (!NAMES.contains(name)) {
            return null;
        }
        try (InputStream in = Stdlib.class.getResourceAsStream(name + ".rnn")) {
            if (in == null) {
                throw new IllegalStateException("stdlib resource " + name + ".rnn is missing from the jar");
            }
            return Source.fromBytes(PREFIX + name, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read stdlib resource " + name + ".rnn", e);
        }
    }

    /**
     * A stdlib cell, checked, for the Java API.
     *
     * @throws IllegalArgumentException naming the cells there are when there is no such cell
     */
    public static TypedCell cell(String name) {
        Source s = source(name);
        if (s == null) {
            throw new IllegalArgumentException("no stdlib cell `" + name + "`; there are " + String.join(", ", NAMES));
        }
        try {
            return Cells.only(s);
        } catch (Cells.Invalid e) {
            throw new IllegalStateException("stdlib cell " + name + " does not check: " + e.getMessage());
        }
    }
}
