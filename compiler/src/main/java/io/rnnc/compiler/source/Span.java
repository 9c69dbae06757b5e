package io.rnnc.compiler.source;

/**
 * A range of code points [start, end) in a source file; what a diagnostic points at.
 *
 * @param source the file
 * @param start first code point
 * @param end one past the last code point (equal to start for a point)
 */
public record Span(Source source, int start, int end) {

    /** The smallest span covering both. */
    public Span to(Span other) {
        return new Span(source, Math.min(start, other.start), Math.max(end, other.end));
    }

    /** 1-based line of the start. */
    public int line() {
        return source.lineOf(start);
    }

    /** 1-based display column of the start. */
    public int column() {
        return source.columnOf(start);
    }
}
