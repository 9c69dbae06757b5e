package io.rnnc.compiler.ast;

import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import io.rnnc.grammar.RnnLexer;
import io.rnnc.grammar.RnnParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;

/**
 * Parses a source file into cells. Characters the language has no use for are reported once
 * each and dropped, so that one stray byte does not hide the errors after it.
 */
public final class SourceParser {
    /** Deeper bracket nesting than this is refused before it can exhaust the parser's stack. */
    static final int MAX_NESTING = 200;
    /**
     * Longer equations are refused: the checker, printers and lowering walk expressions
     * recursively, so this bounds their depth (`tanh tanh … x` nests one call per token),
     * and a real equation is a few dozen tokens.
     */
    static final int MAX_STATEMENT_TOKENS = 500;

    private SourceParser() {
    }

    /**
     * The cells of {@code source}; problems go to {@code diagnostics}.
     *
     * @param defaultCellName the cell's name when the file has no `cell` header
     */
    public static List<CellAst> parse(Source source, Diagnostics diagnostics, String defaultCellName) {
        List<Token> tokens = LayoutTokens.strip(MathLetters.split(lex(source, diagnostics)));
        if (!checkNesting(tokens, source, diagnostics) || !checkLength(tokens, source, diagnostics)) {
            return List.of();
        }
        RnnParser parser = new RnnParser(new CommonTokenStream(new ListTokenSource(tokens)));
        parser.removeErrorListeners();
        parser.addErrorListener(new SyntaxErrors(source, diagnostics));
        RnnParser.FileContext tree = parser.file();
        return new AstBuilder(source, diagnostics, defaultCellName).cells(tree);
    }

    private static List<Token> lex(Source source, Diagnostics diagnostics) {
        RnnLexer lexer = new RnnLexer(CharStreams.fromString(source.text(), source.name()));
        lexer.removeErrorListeners();
        List<Token> kept = new ArrayList<>();
        // Bytes that are not UTF-8 come in runs, one U+FFFD each; a run is one mistake.
        int invalidFrom = -1;
        int invalidTo = -1;
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            boolean invalid = t.getType() == RnnLexer.BAD && t.getText().codePointAt(0) == 0xFFFD;
            if (invalidFrom >= 0 && !(invalid && t.getStartIndex() == invalidTo)) {
                diagnostics.error(new Span(source, invalidFrom, invalidTo), "the file is not valid UTF-8 here",
                        "save the file as UTF-8");
                invalidFrom = -1;
            }
            if (invalid) {
                invalidFrom = invalidFrom < 0 ? t.getStartIndex() : invalidFrom;
                invalidTo = t.getStopIndex() + 1;
            } else if (t.getType() == RnnLexer.BAD) {
                reportBadCharacter(t, source, diagnostics);
            } else {
                kept.add(t);
            }
            if (t.getType() == Token.EOF) {
                return kept;
            }
        }
    }

    private static void reportBadCharacter(Token t, Source source, Diagnostics diagnostics) {
        int cp = t.getText().codePointAt(0);
        Span span = new Span(source, t.getStartIndex(), t.getStopIndex() + 1);
        String shown = Character.isISOControl(cp) ? "" : " `" + t.getText() + "`";
        diagnostics.error(span, String.format("unexpected character%s (U+%04X)", shown, cp), hintFor(cp));
    }

    private static String hintFor(int cp) {
        return switch (cp) {
            case '×' -> "write `·` for a product or `⊙` for an elementwise product";
            case '"', '`' -> "names are letters with subscripts, e.g. `h_{t-1}`, not quoted";
            default -> "a .rnn file holds equations: names, numbers, + - * / · ⊙ ( ) [ ] and LaTeX commands";
        };
    }

    /** One statement longer than {@link #MAX_STATEMENT_TOKENS} is refused with the whole file. */
    private static boolean checkLength(List<Token> tokens, Source source, Diagnostics diagnostics) {
        Token first = null;
        int count = 0;
        for (Token t : tokens) {
            int type = t.getType();
            if (type == RnnLexer.NEWLINE || type == RnnLexer.SEMI || type == RnnLexer.LINEBREAK) {
                first = null;
                count = 0;
                continue;
            }
            first = first == null ? t : first;
            if (++count > MAX_STATEMENT_TOKENS) {
                diagnostics.error(new Span(source, first.getStartIndex(), first.getStopIndex() + 1),
                        "equation too long: more than " + MAX_STATEMENT_TOKENS + " names, numbers and operators",
                        "split it into named steps, e.g. `u_t = …` then `h_t = tanh(u_t)`");
                return false;
            }
        }
        return true;
    }

    private static boolean checkNesting(List<Token> tokens, Source source, Diagnostics diagnostics) {
        int depth = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case RnnLexer.LPAREN, RnnLexer.LBRACK, RnnLexer.LBRACE, RnnLexer.SUB_OPEN, RnnLexer.SUP_OPEN -> depth++;
                case RnnLexer.RPAREN, RnnLexer.RBRACK, RnnLexer.RBRACE, RnnLexer.SUB_CLOSE, RnnLexer.SUP_CLOSE ->
                        depth = Math.max(0, depth - 1);
                default -> { }
            }
            if (depth > MAX_NESTING) {
                diagnostics.error(new Span(source, t.getStartIndex(), t.getStopIndex() + 1),
                        "brackets nested more than " + MAX_NESTING + " deep",
                        "split the expression into named steps, e.g. `u_t = …` then `h_t = tanh(u_t)`");
                return false;
            }
        }
        return true;
    }
}
