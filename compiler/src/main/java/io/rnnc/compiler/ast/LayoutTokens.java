package io.rnnc.compiler.ast;

import io.rnnc.grammar.RnnLexer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * What typesetting adds around equations, taken off the token stream before parsing: layout
 * environments (`aligned`, `split`, `gathered`, `array{ll}`) and `\displaystyle`, with braces
 * that only wrap them (`{\displaystyle …}`, as Wikipedia's formulas are copied); equation
 * numbers at the end of a line (`(10.8)`; `\tag{…}` is skipped by the lexer); and a comma or
 * full stop ending an equation. Matrix environments (`pmatrix`, `bmatrix`, a one-column
 * `array`) become brackets whose rows are stacked: `[f_t; i_t; o_t; g_t]`.
 */
final class LayoutTokens {
    private static final Set<String> MATRICES = Set.of(
            "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "matrix", "smallmatrix");
    /** `10.8`, `3a`, `A.1`, `S1`: what an equation number looks like. */
    private static final Pattern EQUATION_NUMBER = Pattern.compile("([A-Z]\\.?)?[0-9]+(\\.[0-9]+)*[a-z]?");
    /** The tokens an equation number is made of: `10.8` is a FLOAT, `A.1` a NAME and a FLOAT. */
    private static final Set<Integer> NUMBER_PARTS = Set.of(RnnLexer.INT, RnnLexer.FLOAT, RnnLexer.NAME, RnnLexer.PERIOD);
    /** Tokens after which an operand is expected: a parenthesis after them is part of the equation. */
    private static final Set<Integer> EXPECTS_OPERAND = Set.of(
            RnnLexer.PLUS, RnnLexer.MINUS, RnnLexer.STAR, RnnLexer.SLASH, RnnLexer.DOT, RnnLexer.EQUALS,
            RnnLexer.LPAREN, RnnLexer.LBRACK, RnnLexer.LBRACE, RnnLexer.CARET, RnnLexer.UNDERSCORE,
            RnnLexer.COLON, RnnLexer.FRAC, RnnLexer.ACCENT, RnnLexer.FONT, RnnLexer.SUM_OP, RnnLexer.LT,
            RnnLexer.SUB_OPEN, RnnLexer.SUP_OPEN);

    private LayoutTokens() {
    }

    /** The tokens of a file with its typesetting taken off; {@code tokens} ends with EOF. */
    static List<Token> strip(List<Token> tokens) {
        return trailingPunctuation(equationNumbers(spaces(environments(tokens))));
    }

    private static boolean endsLine(int type) {
        return type == RnnLexer.NEWLINE || type == RnnLexer.LINEBREAK || type == RnnLexer.SEMI || type == Token.EOF;
    }

    // ------------------------------------------------------------ environments

    /** What an opened environment or brace becomes. */
    private enum Opened {
        /** Dropped with its closer. */
        DROPPED,
        /** Kept as written. */
        KEPT,
        /** A matrix: brackets, rows stacked. */
        MATRIX
    }

    private static List<Token> environments(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        Deque<Opened> braces = new ArrayDeque<>();
        Deque<Opened> environments = new ArrayDeque<>();
        for (Token t : tokens) {
            switch (t.getType()) {
                case RnnLexer.STYLE -> dropWrappingBrace(out, braces);
                case RnnLexer.BEGIN_ENV -> {
                    if (isMatrix(t.getText())) {
                        environments.push(Opened.MATRIX);
                        out.add(retyped(t, RnnLexer.LBRACK));
                    } else {
                        environments.push(Opened.DROPPED);
                        dropWrappingBrace(out, braces);
                    }
                }
                case RnnLexer.END_ENV -> {
                    if (!environments.isEmpty() && environments.pop() == Opened.MATRIX) {
                        out.add(retyped(t, RnnLexer.RBRACK));
                    }
                }
                case RnnLexer.LINEBREAK -> out.add(environments.peek() == Opened.MATRIX ? retyped(t, RnnLexer.SEMI) : t);
                case RnnLexer.LBRACE -> {
                    braces.push(Opened.KEPT);
                    out.add(t);
                }
                case RnnLexer.RBRACE -> {
                    if (braces.isEmpty() || braces.pop() != Opened.DROPPED) {
                        out.add(t);
                    }
                }
                default -> out.add(t);
            }
        }
        return out;
    }

    /** `{\displaystyle …}`, `{\begin{aligned} … \end{aligned}}`: the brace only wraps layout. */
    private static void dropWrappingBrace(List<Token> out, Deque<Opened> braces) {
        if (!out.isEmpty() && out.get(out.size() - 1).getType() == RnnLexer.LBRACE && !braces.isEmpty()
                && braces.peek() == Opened.KEPT) {
            out.remove(out.size() - 1);
            braces.pop();
            braces.push(Opened.DROPPED);
        }
    }

    /** `\begin{pmatrix}`, or `\begin{array}{c}` with one column: a column vector. */
    private static boolean isMatrix(String begin) {
        String name = begin.substring(begin.indexOf('{') + 1, begin.indexOf('}'));
        if (name.equals("array")) {
            String columns = begin.substring(begin.indexOf('{', begin.indexOf('}')) + 1).replaceAll("[^lcr]", "");
            return columns.length() == 1;
        }
        return MATRICES.contains(name);
    }

    private static Token retyped(Token t, int type) {
        CommonToken copy = new CommonToken(t);
        copy.setType(type);
        return copy;
    }

    // ------------------------------------------------------------ spaces

    /** A `\\quad` with an equation on each side, on one line, is a separator; any other is space. */
    private static List<Token> spaces(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.getType() != RnnLexer.QUAD) {
                out.add(t);
            } else if (equalsBefore(tokens, i) && equalsAfter(tokens, i)) {
                out.add(retyped(t, RnnLexer.SEMI));
            }
        }
        return out;
    }

    private static boolean equalsBefore(List<Token> tokens, int at) {
        for (int i = at - 1; i >= 0 && !endsLine(tokens.get(i).getType()); i--) {
            if (tokens.get(i).getType() == RnnLexer.EQUALS) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsAfter(List<Token> tokens, int at) {
        for (int i = at + 1; i < tokens.size() && !endsLine(tokens.get(i).getType()); i++) {
            if (tokens.get(i).getType() == RnnLexer.EQUALS) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------ equation numbers

    /** `… + b_h)   (10.8)` at the end of a line: an equation number, not a factor. */
    private static List<Token> equationNumbers(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            int close = equationNumberAt(tokens, i);
            if (close > 0) {
                i = close;
            } else {
                out.add(tokens.get(i));
            }
        }
        return out;
    }

    /** The index of the `)` closing an equation number that opens at {@code i}, or -1. */
    private static int equationNumberAt(List<Token> tokens, int i) {
        if (tokens.get(i).getType() != RnnLexer.LPAREN) {
            return -1;
        }
        StringBuilder text = new StringBuilder();
        int j = i + 1;
        while (j < tokens.size() && NUMBER_PARTS.contains(tokens.get(j).getType())) {
            text.append(tokens.get(j).getText());
            j++;
        }
        if (j + 1 >= tokens.size() || tokens.get(j).getType() != RnnLexer.RPAREN
                || !endsLine(tokens.get(j + 1).getType()) || !EQUATION_NUMBER.matcher(text).matches()) {
            return -1;
        }
        if (i == 0 || endsLine(tokens.get(i - 1).getType())) {
            return j;
        }
        Token before = tokens.get(i - 1);
        boolean gap = before.getStopIndex() + 1 < tokens.get(i).getStartIndex();
        return gap && !EXPECTS_OPERAND.contains(before.getType()) ? j : -1;
    }

    // ------------------------------------------------------------ punctuation

    /** `h_t = …,` and `h_t = … .`: punctuation of the sentence the equation stood in. */
    private static List<Token> trailingPunctuation(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean punctuation = t.getType() == RnnLexer.COMMA || t.getType() == RnnLexer.PERIOD;
            int next = i + 1 < tokens.size() ? tokens.get(i + 1).getType() : Token.EOF;
            if (!(punctuation && (endsLine(next) || next == RnnLexer.RBRACE))) {
                out.add(t);
            }
        }
        return out;
    }
}
