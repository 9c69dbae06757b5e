package io.rnnc.compiler.ast;

import io.rnnc.compiler.source.Span;
import java.util.List;

/**
 * One `cell NAME { … }` block, or a whole file of bare equations.
 *
 * @param name the cell's name
 * @param statements its lines in order
 * @param span the header (or the whole file when it has none)
 */
public record CellAst(String name, List<Statement> statements, Span span) {
}
