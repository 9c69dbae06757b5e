package io.rnnc.compiler.ast;

import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import io.rnnc.grammar.RnnParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;

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
        Span span = token.getType() == Token.EOF
                ? new Span(source, source.length(), source.length())
                : new Span(source, token.getStartIndex(), token.getStopIndex() + 1);
        IntervalSet expected = recognizer instanceof Parser p ? p.getExpectedTokens() : new IntervalSet();
        diagnostics.error(span, "unexpected " + describe(token), hint(token, expected));
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
