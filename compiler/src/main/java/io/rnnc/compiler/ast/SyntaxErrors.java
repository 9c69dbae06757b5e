package io.rnnc.compiler.ast;

import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import io.rnnc.grammar.RnnParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns ANTLR's syntax errors into diagnostics a person can act on: what was found, in
 * words, and what would have been accepted there.
 */
final class SyntaxErrors extends BaseErrorListener {
    private final Source source;
    private final Diagnostics diagnostics;

    SyntaxErrors(Source source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
                            String msg, RecognitionException e) {
        Token token = (Token) offendingSymbol;
        Parser parser = (Parser) recognizer;
        IntervalSet expected = parser.getExpectedTokens();
        Span span = token.getType() == Token.EOF ? afterLastToken(parser, token) : span(token);
        OpenBracket open = innermostOpen(parser.getContext());
        boolean endOfLine = endsLine(token.getType());
        boolean inBrackets = open != null && open.cell() == null;
        if (open != null && expected.contains(open.closer()) && (endOfLine || isCloser(token.getType()))) {
            diagnostics.error(span, "missing `" + open.closerText() + "` " + (endOfLine ? "at " : "before ")
                    + describe(token), "it closes " + open.describe(source, span));
        } else if (isCloser(token.getType()) && !expected.contains(token.getType())
                && !isOpenAnywhere(parser.getContext(), token.getType())) {
            diagnostics.error(span, "unmatched `" + token.getText() + "`",
                    "remove it, or add the `" + openerText(token.getType()) + "` it closes");
        } else if (endOfLine && expected.contains(RnnParser.EQUALS) && !inBrackets) {
            diagnostics.error(statementUpTo(parser.getContext(), span), "this line has no `=`", hint(token, expected));
        } else {
            diagnostics.error(span, "unexpected " + describe(token), hint(token, expected));
        }
    }

    private Span span(Token token) {
        return new Span(source, token.getStartIndex(), token.getStopIndex() + 1);
    }

    /** End of file is shown just after the last token, not on the empty line after it. */
    private Span afterLastToken(Parser parser, Token eof) {
        TokenStream tokens = parser.getInputStream();
        for (int i = eof.getTokenIndex() - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (!endsLine(t.getType())) {
                return new Span(source, t.getStopIndex() + 1, t.getStopIndex() + 1);
            }
        }
        return new Span(source, source.length(), source.length());
    }

    /** From the start of the statement being parsed to the offending token. */
    private Span statementUpTo(ParserRuleContext ctx, Span offending) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            if (c instanceof RnnParser.StatementContext) {
                int start = c.getStart().getStartIndex();
                return new Span(source, start, Math.max(offending.start(), start));
            }
        }
        return offending;
    }

    private static boolean endsLine(int type) {
        return type == Token.EOF || type == RnnParser.NEWLINE || type == RnnParser.SEMI || type == RnnParser.LINEBREAK;
    }

    /**
     * A bracket opened and not yet closed where the parser stopped.
     *
     * @param token the opening bracket
     * @param cell the `cell` header it opens, or null
     */
    private record OpenBracket(Token token, RnnParser.CellContext cell) {
        int closer() {
            return closerOf(token.getType());
        }

        String closerText() {
            return RnnParser.VOCABULARY.getLiteralName(closer()).replace("'", "");
        }

        /** `the `(` at column 11`, `the `{` of `cell Elman` on line 1`. */
        String describe(Source source, Span from) {
            Span at = new Span(source, token.getStartIndex(), token.getStopIndex() + 1);
            String what = cell != null ? "the `{` of `cell " + cell.cellName().getText() + "`"
                    : "the `" + token.getText() + "`";
            return what + (at.line() == from.line() ? " at column " + at.column() : " on line " + at.line());
        }
    }

    /** The innermost bracket left open among the tokens each enclosing rule has read so far. */
    private static OpenBracket innermostOpen(ParserRuleContext ctx) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            Deque<Token> open = new ArrayDeque<>();
            for (int i = 0; i < c.getChildCount(); i++) {
                if (c.getChild(i) instanceof TerminalNode n && !(n instanceof ErrorNode)) {
                    int type = n.getSymbol().getType();
                    if (closerOf(type) != 0) {
                        open.push(n.getSymbol());
                    } else if (isCloser(type) && !open.isEmpty()) {
                        open.pop();
                    }
                }
            }
            if (!open.isEmpty()) {
                return new OpenBracket(open.peek(), c instanceof RnnParser.CellContext cell ? cell : null);
            }
        }
        return null;
    }

    /** True when a bracket that {@code closer} would close is open in some enclosing rule. */
    private static boolean isOpenAnywhere(ParserRuleContext ctx, int closer) {
        for (ParserRuleContext c = ctx; c != null; c = c.getParent()) {
            int depth = 0;
            for (int i = 0; i < c.getChildCount(); i++) {
                if (c.getChild(i) instanceof TerminalNode n && !(n instanceof ErrorNode)) {
                    int type = n.getSymbol().getType();
                    depth += closerOf(type) == closer ? 1 : type == closer ? -1 : 0;
                }
            }
            if (depth > 0) {
                return true;
            }
        }
        return false;
    }

    /** The token that closes an opening bracket, or 0 when {@code type} opens none. */
    private static int closerOf(int type) {
        return switch (type) {
            case RnnParser.LPAREN -> RnnParser.RPAREN;
            case RnnParser.LBRACK -> RnnParser.RBRACK;
            case RnnParser.LBRACE -> RnnParser.RBRACE;
            case RnnParser.SUB_OPEN -> RnnParser.SUB_CLOSE;
            case RnnParser.SUP_OPEN -> RnnParser.SUP_CLOSE;
            default -> 0;
        };
    }

    private static boolean isCloser(int type) {
        return type == RnnParser.RPAREN || type == RnnParser.RBRACK || type == RnnParser.RBRACE
                || type == RnnParser.SUB_CLOSE || type == RnnParser.SUP_CLOSE;
    }

    private static String openerText(int closer) {
        return switch (closer) {
            case RnnParser.RPAREN -> "(";
            case RnnParser.RBRACK -> "[";
            case RnnParser.RBRACE -> "{";
            case RnnParser.SUB_CLOSE -> "<sub>";
            default -> "<sup>";
        };
    }

    private static String describe(Token token) {
        return switch (token.getType()) {
            case Token.EOF -> "end of file";
            case RnnParser.NEWLINE -> "end of line";
            default -> "`" + token.getText() + "`";
        };
    }

    private static String hint(Token token, IntervalSet expected) {
        if (token.getType() == Token.EOF && expected.contains(RnnParser.RBRACE)) {
            return "a cell ends with `}`";
        }
        if (token.getType() == RnnParser.RBRACE && expected.contains(RnnParser.RPAREN)) {
            return "close the `(` before the end of the group";
        }
        if (expected.contains(RnnParser.EQUALS) && !expected.contains(RnnParser.RPAREN)) {
            return "an equation is written `name = expression`, e.g. `h_t = tanh(W x_t + U h_{t-1} + b)`";
        }
        List<String> words = new ArrayList<>();
        for (int type : expected.toArray()) {
            String word = word(type);
            if (word != null && !words.contains(word)) {
                words.add(word);
            }
        }
        if (words.isEmpty() || words.size() > 6) {
            return "one equation or declaration a line, e.g. `h_t = tanh(W x_t + U h_{t-1} + b)`";
        }
        return "expected " + String.join(", ", words.subList(0, words.size() - 1))
                + (words.size() > 1 ? " or " : "") + words.get(words.size() - 1);
    }

    private static String word(int type) {
        return switch (type) {
            case RnnParser.RPAREN -> "`)`";
            case RnnParser.RBRACK -> "`]`";
            case RnnParser.RBRACE -> "`}`";
            case RnnParser.LBRACE -> "`{`";
            case RnnParser.LBRACK -> "`[`";
            case RnnParser.COMMA -> "`,`";
            case RnnParser.COLON -> "`:`";
            case RnnParser.EQUALS -> "`=`";
            case RnnParser.GT -> "`>`";
            case RnnParser.NAME, RnnParser.LATEX -> "a name";
            case RnnParser.INT, RnnParser.FLOAT -> "a number";
            case RnnParser.LPAREN -> "`(`";
            case RnnParser.NEWLINE, RnnParser.SEMI, RnnParser.LINEBREAK -> "end of line";
            case RnnParser.SUB_CLOSE -> "`</sub>`";
            case RnnParser.SUP_CLOSE -> "`</sup>`";
            case Token.EOF -> "end of file";
            default -> null;
        };
    }

    /** True when the parser met an error anywhere inside {@code tree}. */
    static boolean containsError(ParseTree tree) {
        if (tree instanceof ErrorNode) {
            return true;
        }
        if (tree instanceof ParserRuleContext ctx && ctx.exception != null) {
            return true;
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            if (containsError(tree.getChild(i))) {
                return true;
            }
        }
        return false;
    }
}
