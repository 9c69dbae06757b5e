package io.rnnc.compiler.ast;

import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import io.rnnc.grammar.RnnParser;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Reads names: a base letter with its subscripts and superscripts, each of which is a label
 * (`W_{xh}`, `W^{(1)}`, `b^f`), a time index (`h_{t-1}`, `a^{<t>}`, `x^{(t)}`, `hₜ₋₁`), a
 * unit index (`h_{n,t}`), a transpose (`W^T`, `Wᵀ`), a prime (`h'`) or a power (`x^2`).
 */
final class NameReader {
    /** `t`, `t-1`, `(t+1)`, `<t-2>`: a time index in any bracket. */
    private static final Pattern TIME = Pattern.compile("[(<]?t(?:([+-])(\\d+))?[)>]?");
    /** A unit index: one letter, as in `h_{n,t}`. */
    private static final Pattern UNIT = Pattern.compile("\\p{L}");

    private final Source source;
    private final Diagnostics diagnostics;
    private final Function<RnnParser.ExprContext, Expr> exprs;

    /**
     * @param exprs builds the expression inside `^{…}`
     */
    NameReader(Source source, Diagnostics diagnostics, Function<RnnParser.ExprContext, Expr> exprs) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.exprs = exprs;
    }

    /** The parts of a name while it is being read. */
    private static final class NameParts {
        String base;
        final List<String> labels = new ArrayList<>();
        TimeIndex time;
        String unit;
        final List<Expr> powers = new ArrayList<>();
        boolean transposed;
        int primes;
    }

    /**
     * A name: a {@link Expr.Ref}, wrapped in {@link Expr.Power}s when superscripts were powers
     * and in a {@link Expr.Transpose} when one was a transpose.
     */
    Expr ref(RnnParser.RefContext ctx) {
        NameParts parts = nameParts(ctx);
        StringBuilder name = new StringBuilder(parts.base);
        for (String label : parts.labels) {
            name.append('_').append(label);
        }
        name.append("'".repeat(parts.primes));
        Span span = span(ctx);
        Expr acc = new Expr.Ref(Names.normalise(name.toString()), parts.time, parts.unit, span);
        for (Expr power : parts.powers) {
            acc = new Expr.Power(acc, power, span);
        }
        return parts.transposed ? new Expr.Transpose(acc, span) : acc;
    }

    private NameParts nameParts(RnnParser.RefContext ctx) {
        NameParts parts = base(ctx.base());
        for (int i = 1; i < ctx.getChildCount(); i++) {
            ParseTree child = ctx.getChild(i);
            if (child instanceof RnnParser.SubContext sub) {
                subscript(sub, parts);
            } else if (child instanceof RnnParser.SupContext sup) {
                superscript(sup, parts);
            } else {
                parts.primes++;
            }
        }
        return parts;
    }

    private NameParts base(RnnParser.BaseContext ctx) {
        if (ctx instanceof RnnParser.AccentBaseContext a) {
            String mark = Names.accentMark(a.ACCENT().getText());
            NameParts inner;
            if (a.ref() != null) {
                inner = nameParts(a.ref());
            } else {
                inner = new NameParts();
                inner.base = a.LATEX() != null ? latexName(a.LATEX().getSymbol()) : a.NAME().getText();
            }
            inner.base = Names.normalise(inner.base + mark);
            return inner;
        }
        if (ctx instanceof RnnParser.FontBaseContext f) {
            return nameParts(f.ref());
        }
        if (ctx instanceof RnnParser.BraceBaseContext b) {
            return nameParts(b.ref());
        }
        NameParts parts = new NameParts();
        parts.base = ctx instanceof RnnParser.LatexBaseContext l ? latexName(l.LATEX().getSymbol()) : ctx.getText();
        return parts;
    }

    /** The Unicode word for a LaTeX command in a name; an unknown command is reported. */
    String latexName(Token token) {
        String word = Names.latexWord(token.getText());
        if (word == null) {
            diagnostics.error(span(token), "unknown LaTeX command `" + token.getText() + "`",
                    "rnnc reads Greek letters, \\tanh, \\sigma, \\log, \\exp, \\sqrt, accents, fonts, \\frac and \\sum; "
                            + "for a macro naming a function write its name, e.g. `\\mathrm{" + token.getText().substring(1) + "}`");
            return token.getText().substring(1);
        }
        return word;
    }

    // ------------------------------------------------------------ subscripts

    private void subscript(RnnParser.SubContext ctx, NameParts parts) {
        String text = ctx.USUB() != null ? scripts(ctx.USUB().getSymbol()) : indexText(ctx);
        if (text == null) {
            return;
        }
        List<String> pieces = List.of(text.split(",", -1));
        if (pieces.size() == 2 && timeIndex(pieces.get(1), ctx) != null && UNIT.matcher(pieces.get(0)).matches()) {
            parts.unit = pieces.get(0);
            setTime(parts, timeIndex(pieces.get(1), ctx), span(ctx));
            return;
        }
        // Indices written together stay one label: `U_{i,j}` is `U_i,j`, which a sum over j reads.
        List<String> label = new ArrayList<>();
        for (String piece : pieces) {
            TimeIndex time = timeIndex(piece, ctx);
            if (time != null) {
                setTime(parts, time, span(ctx));
            } else {
                label.add(piece);
            }
        }
        if (label.stream().anyMatch(String::isEmpty)) {
            diagnostics.error(span(ctx), "empty subscript", "write a label or a time index, e.g. `h_{t-1}`");
        } else if (!label.isEmpty()) {
            parts.labels.add(String.join(",", label));
        }
    }

    private void setTime(NameParts parts, TimeIndex time, Span where) {
        if (parts.time != null) {
            diagnostics.error(where, "a name has one time index; this one has two",
                    "keep one, e.g. `h_{t-1}` or `h^{<t-1>}`");
        }
        parts.time = time;
    }

    /** The text of an index: its tokens joined without spaces, fonts dropped, LaTeX Greek as Unicode, dashes as `-`. */
    private String indexText(ParserRuleContext ctx) {
        StringBuilder b = new StringBuilder();
        appendIndex(ctx, b);
        return b.toString();
    }

    private void appendIndex(ParseTree tree, StringBuilder b) {
        if (tree instanceof TerminalNode n) {
            Token t = n.getSymbol();
            switch (t.getType()) {
                case RnnParser.NAME, RnnParser.INT, RnnParser.PLUS, RnnParser.COMMA, RnnParser.LPAREN,
                     RnnParser.RPAREN -> b.append(t.getText());
                case RnnParser.LATEX -> b.append(latexName(t));
                case RnnParser.MINUS -> b.append('-');
                case RnnParser.LT -> b.append('<');
                case RnnParser.GT -> b.append('>');
                default -> { } // the `_`, `^`, braces, font commands and HTML tags around an index
            }
            return;
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            appendIndex(tree.getChild(i), b);
        }
    }

    /** The plain reading of Unicode sub- or superscript characters, or null (reported) when one has none. */
    private String scripts(Token token) {
        String plain = UnicodeScripts.plain(token.getText());
        if (plain == null) {
            diagnostics.error(span(token), "`" + token.getText() + "` has a sub- or superscript character rnnc does not read",
                    "write the index with `_` or `^`, e.g. `h_{t-1}`");
        }
        return plain;
    }

    /** Reads `t`, `t-1`, `(t+2)`, `<t>` as a time index; anything else is not one (null). */
    private TimeIndex timeIndex(String text, ParserRuleContext where) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            if (text.matches("[(<]?t[+-].*")) {
                diagnostics.error(span(where), "a time offset must be a whole number of steps",
                        "write e.g. `h_{t-1}` or `h_{t-2}`");
                return TimeIndex.NOW;
            }
            return null;
        }
        if (m.group(1) == null) {
            return TimeIndex.NOW;
        }
        try {
            int k = Integer.parseInt(m.group(2));
            return new TimeIndex(m.group(1).equals("-") ? k : -k);
        } catch (NumberFormatException e) {
            diagnostics.error(span(where), "time offset `" + m.group(2) + "` is too large",
                    "a cell reads a few steps back, e.g. `h_{t-2}`");
            return TimeIndex.NOW;
        }
    }

    // ------------------------------------------------------------ superscripts

    /** What a superscript on an expression means (a name's may also be a label or a prime). */
    record Superscript(TimeIndex time, String label, Expr exponent, boolean transpose, boolean prime) {
        static Superscript power(Expr exponent) {
            return new Superscript(null, null, exponent, false, false);
        }
    }

    private void superscript(RnnParser.SupContext ctx, NameParts parts) {
        Superscript s = superscript(ctx, !parts.base.equals("e") || !parts.labels.isEmpty());
        if (s.time() != null) {
            setTime(parts, s.time(), span(ctx));
        } else if (s.label() != null) {
            parts.labels.add(s.label());
        } else if (s.transpose()) {
            parts.transposed = true;
        } else if (s.prime()) {
            parts.primes++;
        } else if (s.exponent() != null) {
            parts.powers.add(s.exponent());
        }
    }

    /**
     * Reads a superscript. A parenthesised or bracketed one that is not a time index is a label
     * (`W^{(1)}`, `W^{[l]}`), and so is a bare letter or word (`b^f`, `U^{hh}`) where
     * {@code labels} allows it; a number is a power; `T`, `\top`, `⊤` transpose.
     *
     * @param labels whether a word may be a label: not on `e`, where `e^x` is a power
     */
    Superscript superscript(RnnParser.SupContext ctx, boolean labels) {
        if (ctx.USUP() != null) {
            String text = scripts(ctx.USUP().getSymbol());
            return text == null ? new Superscript(null, null, null, false, false) : plainSuperscript(text, ctx, labels);
        }
        if (ctx.TOP() != null) {
            return new Superscript(null, null, null, true, false);
        }
        if (ctx.PRIME() != null) {
            return new Superscript(null, null, null, false, true);
        }
        if (ctx.LT() != null || ctx.SUP_OPEN() != null || ctx.LPAREN() != null) {
            String text = indexText(ctx);
            TimeIndex time = timeIndex(text, ctx);
            if (time != null) {
                return new Superscript(time, null, null, false, false);
            }
            if (ctx.SUP_OPEN() != null) {
                return plainSuperscript(text, ctx, labels);
            }
            if (ctx.LPAREN() != null && text.length() > 2) {
                return new Superscript(null, text.substring(1, text.length() - 1), null, false, false);
            }
            diagnostics.error(span(ctx), "`" + text.replaceAll("^[<(](.*)[>)]$", "$1") + "` is not a time index",
                    "write `<t>` or `<t-1>`");
            return new Superscript(TimeIndex.NOW, null, null, false, false);
        }
        if (ctx.expr() != null) {
            return expressionSuperscript(ctx.expr(), labels);
        }
        Token t = ((TerminalNode) ctx.getChild(1)).getSymbol();
        if (t.getType() == RnnParser.INT) {
            return Superscript.power(new Expr.Num(Double.parseDouble(t.getText()), span(t)));
        }
        String word = t.getType() == RnnParser.LATEX ? latexName(t) : t.getText();
        return wordSuperscript(word, span(t), labels);
    }

    /** `<sup>T</sup>`, `⁽¹⁾`, `ᵀ`, `²`: a superscript given as plain text. */
    private Superscript plainSuperscript(String text, ParserRuleContext ctx, boolean labels) {
        TimeIndex time = timeIndex(text, ctx);
        if (time != null) {
            return new Superscript(time, null, null, false, false);
        }
        if (text.matches("\\d+")) {
            return Superscript.power(new Expr.Num(Double.parseDouble(text), span(ctx)));
        }
        if (text.matches("\\(.+\\)")) {
            return new Superscript(null, text.substring(1, text.length() - 1), null, false, false);
        }
        if (text.matches("\\p{L}+")) {
            return wordSuperscript(text, span(ctx), labels);
        }
        diagnostics.error(span(ctx), "`" + text + "` is not a time index, a label or a power",
                "write e.g. `h^{(t-1)}`, `W^{(1)}` or `x^2`");
        return new Superscript(null, null, null, false, false);
    }

    private static Superscript wordSuperscript(String word, Span span, boolean labels) {
        if (word.equals("t")) {
            return new Superscript(TimeIndex.NOW, null, null, false, false);
        }
        if (word.equals("T")) {
            return new Superscript(null, null, null, true, false);
        }
        if (labels) {
            return new Superscript(null, word, null, false, false);
        }
        return Superscript.power(new Expr.Ref(word, null, span));
    }

    private Superscript expressionSuperscript(RnnParser.ExprContext ctx, boolean labels) {
        RnnParser.AtomContext wrapped = singleAtom(ctx);
        Expr e = exprs.apply(ctx);
        TimeIndex time = timeOf(e);
        if (time != null) {
            return new Superscript(time, null, null, false, false);
        }
        boolean bracketed = wrapped instanceof RnnParser.ParensContext || wrapped instanceof RnnParser.ConcatContext;
        if (bracketed && labelText(e) != null) {
            return new Superscript(null, labelText(e), null, false, false);
        }
        if (e instanceof Expr.Ref r && r.time() == null && !r.name().contains("_")) {
            return wordSuperscript(r.name(), r.span(), labels);
        }
        return Superscript.power(e);
    }

    /** The atom an expression consists of alone (`(1)` in `^{(1)}`), or null. */
    private static RnnParser.AtomContext singleAtom(RnnParser.ExprContext ctx) {
        if (ctx.elementwise().size() != 1 || ctx.elementwise(0).signed().size() != 1) {
            return null;
        }
        RnnParser.ProductContext product = ctx.elementwise(0).signed(0).product();
        if (product == null || product.postfix().size() != 1) {
            return null;
        }
        RnnParser.PostfixContext postfix = product.postfix(0);
        return postfix.sup().isEmpty() ? postfix.atom() : null;
    }

    /** `1`, `l`, `hh` inside `(…)` or `[…]`: the text of a label, or null for anything else. */
    private static String labelText(Expr e) {
        if (e instanceof Expr.Concat c && c.parts().size() == 1) {
            return labelText(c.parts().get(0));
        }
        if (e instanceof Expr.Num n && n.value() == Math.rint(n.value()) && n.value() >= 0) {
            return Long.toString((long) n.value());
        }
        if (e instanceof Expr.Ref r && r.time() == null) {
            return r.name();
        }
        return null;
    }

    /** `t`, `t-k`, `t+k` parsed as an expression inside `^{…}` or `(…)`. */
    static TimeIndex timeOf(Expr e) {
        if (e instanceof Expr.Ref r && r.name().equals("t") && r.time() == null) {
            return TimeIndex.NOW;
        }
        if (e instanceof Expr.Binary b && b.left() instanceof Expr.Ref r && r.name().equals("t")
                && r.time() == null && b.right() instanceof Expr.Num n && n.value() == Math.rint(n.value())
                && (b.op() == Expr.BinaryOp.SUB || b.op() == Expr.BinaryOp.ADD)) {
            int k = (int) n.value();
            return new TimeIndex(b.op() == Expr.BinaryOp.SUB ? k : -k);
        }
        return null;
    }

    /** The unit index of `[…]_j`: one letter, or null (reported). */
    String elementIndex(RnnParser.SubContext ctx) {
        String text = ctx.USUB() != null ? scripts(ctx.USUB().getSymbol()) : indexText(ctx);
        if (text != null && UNIT.matcher(text).matches()) {
            return text;
        }
        diagnostics.error(span(ctx), "a subscript on brackets selects one unit, written as one letter",
                "write e.g. `[W x]_j` for the j-th element of `W x`, or drop the subscript");
        return null;
    }

    // ------------------------------------------------------------ spans

    Span span(ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null || ctx.getStop().getStopIndex() < ctx.getStart().getStartIndex()
                ? ctx.getStart() : ctx.getStop();
        return new Span(source, ctx.getStart().getStartIndex(), stop.getStopIndex() + 1);
    }

    Span span(Token token) {
        return new Span(source, token.getStartIndex(), token.getStopIndex() + 1);
    }
}
