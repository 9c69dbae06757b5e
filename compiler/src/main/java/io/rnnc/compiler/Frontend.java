package io.rnnc.compiler;

import io.rnnc.compiler.ast.CellAst;
import io.rnnc.compiler.ast.SourceParser;
import io.rnnc.compiler.check.Checker;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The front end in one call: text → parse → AST → checked cells, with every problem in the
 * returned diagnostics. Nothing a user writes makes it throw.
 */
public final class Frontend {
    /** Larger files are refused: a cell is a page of equations, not megabytes. */
    public static final int MAX_SOURCE_CHARS = 1 << 20;

    private Frontend() {
    }

    /**
     * The outcome of checking a file.
     *
     * @param cells the cells that checked cleanly
     * @param diagnostics everything reported, errors and warnings
     */
    public record Result(List<TypedCell> cells, Diagnostics diagnostics) {
        /** True when no error was reported. */
        public boolean ok() {
            return !diagnostics.hasErrors();
        }
    }

    /** Parses and checks every cell of {@code source}. */
    public static Result check(Source source) {
        Diagnostics diagnostics = new Diagnostics();
        List<TypedCell> cells = new ArrayList<>();
        if (source.length() > MAX_SOURCE_CHARS) {
            diagnostics.error(new Span(source, 0, 0), "file is too large (" + source.length() + " characters)",
                    "a .rnn file holds cell equations, at most " + MAX_SOURCE_CHARS + " characters");
            return new Result(cells, diagnostics);
        }
        try {
            List<CellAst> asts = SourceParser.parse(source, diagnostics, defaultName(source.name()));
            for (CellAst ast : asts) {
                TypedCell cell = Checker.check(ast, diagnostics);
                if (cell != null) {
                    cells.add(cell);
                }
            }
        } catch (StackOverflowError e) {
            diagnostics.error(new Span(source, 0, 0), "expression too deeply nested to check",
                    "split long expressions into named steps");
        }
        if (cells.isEmpty() && !diagnostics.hasErrors()) {
            diagnostics.error(new Span(source, 0, 0), "no cell in this file",
                    "write equations, e.g. `h_t = tanh(W x_t + U h_{t-1} + b)`, optionally inside `cell NAME { … }`");
        }
        return new Result(cells, diagnostics);
    }

    private static String defaultName(String fileName) {
        String base = fileName.replaceAll("^.*[/\\\\:]", "");
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
