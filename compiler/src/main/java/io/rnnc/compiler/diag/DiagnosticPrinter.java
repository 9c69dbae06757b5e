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
            out.append("    ").append(text).append('\n');
            out.append("    ").append(" ".repeat(span.column() - 1)).append(underline(span, line)).append('\n');
        }
        if (d.hint() != null) {
            out.append("  hint: ").append(d.hint()).append('\n');
        }
        return out.toString();
    }

    private static String underline(Span span, int line) {
        Source src = span.source();
        int lineEnd = span.end();
        if (src.lineOf(Math.max(span.start(), span.end() - 1)) != line) {
            lineEnd = span.start() + 1;
            while (lineEnd < src.length() && src.lineOf(lineEnd) == line) {
                lineEnd++;
            }
        }
        int width = src.widthOf(span.start(), lineEnd);
        return width <= 1 ? "^" : "^" + "~".repeat(width - 1);
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
