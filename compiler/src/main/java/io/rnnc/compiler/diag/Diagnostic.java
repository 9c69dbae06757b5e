package io.rnnc.compiler.diag;

import io.rnnc.compiler.source.Span;

/**
 * One message about a source file: where, what, and a one-line hint on how to fix it.
 *
 * @param severity error or warning
 * @param span the culprit
 * @param message what is wrong, one sentence without a final period
 * @param hint how to fix it, or null
 */
public record Diagnostic(Severity severity, Span span, String message, String hint) {
}
