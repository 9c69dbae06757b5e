package io.rnnc.report;

/** A piece of running text in a report: plain text, or mathematics written in LaTeX. */
public sealed interface Inline {
    /** Text shown as it is (HTML is escaped). */
    static Inline text(String text) {
        return new Text(text);
    }

    /** LaTeX rendered as inline mathematics, e.g. {@code W_{f}}. */
    static Inline math(String latex) {
        return new Math(latex);
    }

    /** Plain text. */
    record Text(String text) implements Inline {
    }

    /** Inline mathematics. */
    record Math(String latex) implements Inline {
    }
}
