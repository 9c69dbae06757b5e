package io.rnnc.compiler.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of one `.rnn` file, indexed by code point so that spans from the ANTLR lexer
 * (which counts code points) map back to lines and display columns.
 */
public final class Source {
    private final String name;
    private final String text;
    private final int[] codePoints;
    private final int[] lineStarts;

    /**
     * @param name how diagnostics name the file (a path as the user gave it, or {@code stdlib:lstm})
     * @param text the file's text
     */
    public Source(String name, String text) {
        this.name = name;
        this.text = text;
        this.codePoints = text.codePoints().toArray();
        this.lineStarts = findLineStarts(codePoints);
    }

    private static int[] findLineStarts(int[] cps) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < cps.length; i++) {
            boolean crlf = cps[i] == '\r' && i + 1 < cps.length && cps[i + 1] == '\n';
            if (cps[i] == '\n' || (cps[i] == '\r' && !crlf)) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A source from raw bytes. Invalid UTF-8 becomes U+FFFD, which the lexer then reports at
     * its line and column instead of the whole file being refused.
     */
    public static Source fromBytes(String name, byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE);
        try {
            return new Source(name, decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    /** The file's name as diagnostics print it. */
    public String name() {
        return name;
    }

    /** The whole text. */
    public String text() {
        return text;
    }

    /** The text of code points [from, to), as written. */
    public String text(int from, int to) {
        return new String(codePoints, from, to - from);
    }

    /** Number of code points in the text. */
    public int length() {
        return codePoints.length;
    }

    /** The 1-based line holding the code point at {@code offset}. */
    public int lineOf(int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo + 1;
    }

    /** The text of 1-based {@code line}, without its line terminator. */
    public String lineText(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] : codePoints.length;
        while (end > start && (codePoints[end - 1] == '\n' || codePoints[end - 1] == '\r')) {
            end--;
        }
        return new String(codePoints, start, end - start);
    }

    /**
     * The 1-based display column of {@code offset}: combining marks take no column, so a caret
     * lands under `C̃` where a reader sees it.
     */
    public int columnOf(int offset) {
        int start = lineStarts[lineOf(offset) - 1];
        int column = 1;
        for (int i = start; i < offset && i < codePoints.length; i++) {
            if (!isCombining(codePoints[i])) {
                column++;
            }
        }
        return column;
    }

    /** Display width of the code points in [from, to). */
    public int widthOf(int from, int to) {
        int width = 0;
        for (int i = from; i < to && i < codePoints.length; i++) {
            if (!isCombining(codePoints[i]) && codePoints[i] != '\n' && codePoints[i] != '\r') {
                width++;
            }
        }
        return width;
    }

    /** True for a combining mark: it takes no column of its own, it accents the letter before it. */
    public static boolean isCombining(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }
}
