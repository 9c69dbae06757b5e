package io.rnnc.compiler.ast;

import io.rnnc.compiler.source.Span;
import java.util.List;

/**
 * A size as written in a declaration: `H`, `4`, `2H`, `H+X`.
 *
 * @param coefficient the integer factor (1 when none is written)
 * @param variable the size variable, or null for a constant
 */
public record SizeTerm(int coefficient, String variable, Span span) {

    /** A sum of terms, one dimension of a declared shape. */
    public record Sum(List<SizeTerm> terms, Span span) {
    }
}
