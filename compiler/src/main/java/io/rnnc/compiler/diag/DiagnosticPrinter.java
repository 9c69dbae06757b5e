package io.rnnc.compiler.diag;

import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import java.util.List;

/**
 * Prints diagnostics the way a good compiler does:
 * <pre>
 * lstm.rnn:3:7: error: unknown function `φ`
 *     s_t = φ(W x_t)
 *           ^
 *   hint: bind it to an activation, e.g. `φ = tanh`
 * </pre>
 */
public final class DiagnosticPrinter {
    /** Wider source lines are shown cut around the caret, so that a diagnostic stays short. */
    public static final int MAX_LINE_WIDTH = 120;

    private DiagnosticPrinter() {
    }

    /** All diagnostics, each followed by its source line, caret and hint, then a count. */
    public static String format(List<Diagnostic> diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(format(d));
        }
        long errors = diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
        if (errors >= Diagnostics.MAX_ERRORS) {
            out.append("too many errors; stopped after ").append(errors).append('\n');
        }
        return out.toString();
    }

    /** One diagnostic with its source line, caret or range, and hint. */
    public static String format(Diagnostic d) {
        Span span = d.span();
        Source src = span.source();
        int line = span.line();
        StringBuilder out = new StringBuilder();
        out.append(src.name()).append(':').append(line).append(':').append(span.column())
                .append(": ").append(d.severity().word()).append(": ").append(d.message()).append('\n');
        String text = printable(src.lineText(line));
        if (!text.isBlank() || span.end() > span.start()) {
            appendLine(out, text, span.column() - 1, underlineWidth(span, line));
        }
        if (d.hint() != null) {
            out.append("  hint: ").append(d.hint()).append('\n');
        }
        return out.toString();
    }

    /** The source line and the caret under columns [caret, caret + width), 0-based. */
    private static void appendLine(StringBuilder out, String text, int caret, int width) {
        int lineWidth = displayWidth(text);
        if (lineWidth > MAX_LINE_WIDTH) {
            int from = Math.max(0, Math.min(caret - MAX_LINE_WIDTH / 4, lineWidth - MAX_LINE_WIDTH));
            String before = from > 0 ? "…" : "";
            String after = from + MAX_LINE_WIDTH < lineWidth ? "…" : "";
            text = before + columns(text, from, MAX_LINE_WIDTH) + after;
            width = Math.min(width, from + MAX_LINE_WIDTH - caret);
            caret = caret - from + before.length();
        }
        out.append("    ").append(text).append('\n');
        out.append("    ").append(" ".repeat(caret)).append(width <= 1 ? "^" : "^" + "~".repeat(width - 1)).append('\n');
    }

    /** How many columns the span takes on its first line. */
    private static int underlineWidth(Span span, int line) {
        Source src = span.source();
        int lineEnd = span.end();
        if (src.lineOf(Math.max(span.start(), span.end() - 1)) != line) {
            lineEnd = span.start() + 1;
            while (lineEnd < src.length() && src.lineOf(lineEnd) == line) {
                lineEnd++;
            }
        }
        return src.widthOf(span.start(), lineEnd);
    }

    private static int displayWidth(String text) {
        return (int) text.codePoints().filter(cp -> !Source.isCombining(cp)).count();
    }

    /** The code points of {@code text} in display columns [from, from + width), accents kept with their letter. */
    private static String columns(String text, int from, int width) {
        StringBuilder b = new StringBuilder();
        int column = -1;
        for (int cp : text.codePoints().toArray()) {
            column += Source.isCombining(cp) ? 0 : 1;
            if (column >= from && column < from + width) {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }

    /** Control characters would garble a terminal; show them as U+XXXX-free placeholders. */
    private static String printable(String line) {
        StringBuilder b = new StringBuilder();
        line.codePoints().forEach(cp -> {
            if (cp == '\t') {
                b.append(' ');
            } else if (Character.isISOControl(cp) || cp == 0xFFFD) {
                b.append('?');
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
