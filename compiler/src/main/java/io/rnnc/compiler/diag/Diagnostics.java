package io.rnnc.compiler.diag;

import io.rnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the diagnostics of one compilation. Passes report independent problems here and
 * go on, so that one run shows every error a user can fix at once.
 */
public final class Diagnostics {
    /** More errors than this in one file are cut short: the rest are usually consequences. */
    public static final int MAX_ERRORS = 30;

    private final List<Diagnostic> all = new ArrayList<>();

    /** Reports an error with a hint (which may be null). */
    public void error(Span span, String message, String hint) {
        add(new Diagnostic(Severity.ERROR, span, message, hint));
    }

    /** Reports a warning with a hint (which may be null). */
    public void warning(Span span, String message, String hint) {
        add(new Diagnostic(Severity.WARNING, span, message, hint));
    }

    private void add(Diagnostic d) {
        for (Diagnostic seen : all) {
            if (seen.span().equals(d.span()) && seen.message().equals(d.message())) {
                return;
            }
        }
        if (errorCount() < MAX_ERRORS) {
            all.add(d);
        }
    }

    /** True when at least one error was reported. */
    public boolean hasErrors() {
        return errorCount() > 0;
    }

    /** Number of errors reported. */
    public int errorCount() {
        return (int) all.stream().filter(d -> d.severity() == Severity.ERROR).count();
    }

    /** Everything reported, in source order. */
    public List<Diagnostic> sorted() {
        List<Diagnostic> copy = new ArrayList<>(all);
        copy.sort(Comparator.comparing((Diagnostic d) -> d.span().source().name())
                .thenComparingInt(d -> d.span().start()));
        return copy;
    }
}
