package io.rnnc.compiler.ast;

import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import io.rnnc.grammar.RnnBaseVisitor;
import io.rnnc.grammar.RnnParser;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns the parse tree into the AST, one method per grammar rule. Here the many notations
 * become one: subscripts and superscripts are split into labels, time indices and powers,
 * and LaTeX and Unicode spellings of a name become the same string.
 */
public final class AstBuilder extends RnnBaseVisitor<Object> {
    private static final Pattern TIME = Pattern.compile("\\(?t(?:([+-])(\\d+))?\\)?");

    private final Source source;
    private final Diagnostics diagnostics;
    private final String defaultCellName;

    /**
     * @param source the file parsed
     * @param diagnostics where problems of notation go (unknown LaTeX commands, bad indices)
     * @param defaultCellName the name of a file's cell when it has no `cell` header
     */
    public AstBuilder(Source source, Diagnostics diagnostics, String defaultCellName) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.defaultCellName = defaultCellName;
    }

    /** The cells of a file. */
    public List<CellAst> cells(RnnParser.FileContext ctx) {
        List<CellAst> cells = new ArrayList<>();
        for (RnnParser.CellContext cell : ctx.cell()) {
            cells.add(cell(cell));
        }
        if (ctx.statements() != null) {
            cells.add(new CellAst(defaultCellName, statements(ctx.statements()), span(ctx)));
        }
        return cells;
    }

    private CellAst cell(RnnParser.CellContext ctx) {
        List<Statement> body = ctx.statements() == null ? List.of() : statements(ctx.statements());
        Span header = span(ctx.CELL().getSymbol()).to(span(ctx.cellName()));
        return new CellAst(ctx.cellName().getText(), body, header);
    }

    private List<Statement> statements(RnnParser.StatementsContext ctx) {
        List<Statement> out = new ArrayList<>();
        for (RnnParser.StatementContext s : ctx.statement()) {
            out.add(statement(s));
        }
        return out;
    }

    /**
     * A statement, or {@link Statement.Broken} when a syntax or notation error in it was
     * reported: the checker skips it rather than report the consequences of that error.
     */
    private Statement statement(RnnParser.StatementContext ctx) {
        if (SyntaxErrors.containsError(ctx)) {
            return new Statement.Broken(parsedLeftSide(ctx), span(ctx));
        }
        int errors = diagnostics.errorCount();
        Statement s = (Statement) visit(ctx);
        if (diagnostics.errorCount() == errors) {
            return s;
        }
        return new Statement.Broken(s instanceof Statement.Equation eq && eq.lhs() instanceof Expr.Ref r ? r : null,
                span(ctx));
    }

    /** The name left of `=` in an equation with a syntax error on the right, else null. */
    private Expr.Ref parsedLeftSide(RnnParser.StatementContext ctx) {
        if (ctx instanceof RnnParser.EquationContext eq && eq.lhs != null && !SyntaxErrors.containsError(eq.lhs)
                && eq.EQUALS() != null && !(eq.EQUALS() instanceof ErrorNode)
                && expr(eq.lhs) instanceof Expr.Ref defined) {
            return defined;
        }
        return null;
    }

    // ------------------------------------------------------------ statements

    @Override
    public Statement visitEquation(RnnParser.EquationContext ctx) {
        return new Statement.Equation(expr(ctx.lhs), expr(ctx.rhs), span(ctx));
    }

    @Override
    public Statement visitInputDecl(RnnParser.InputDeclContext ctx) {
        return new Statement.RoleDecl(Statement.Role.INPUT, names(ctx.nameList()), span(ctx));
    }

    @Override
    public Statement visitStateDecl(RnnParser.StateDeclContext ctx) {
        return new Statement.RoleDecl(Statement.Role.STATE, names(ctx.nameList()), span(ctx));
    }

    @Override
    public Statement visitOutputDecl(RnnParser.OutputDeclContext ctx) {
        return new Statement.RoleDecl(Statement.Role.OUTPUT, names(ctx.nameList()), span(ctx));
    }

    @Override
    public Statement visitHiddenDecl(RnnParser.HiddenDeclContext ctx) {
        return new Statement.HiddenDecl(identText(ctx.ident()), span(ctx));
    }

    @Override
    public Statement visitParamDecl(RnnParser.ParamDeclContext ctx) {
        List<SizeTerm.Sum> dims = new ArrayList<>();
        for (RnnParser.SizeContext size : ctx.shape().size()) {
            dims.add(size(size));
        }
        return new Statement.ParamDecl(declaredName(ctx.ref()), dims, span(ctx));
    }

    @Override
    public Statement visitInitDecl(RnnParser.InitDeclContext ctx) {
        RnnParser.InitValueContext v = ctx.initValue();
        InitValue value = v.ident() != null
                ? new InitValue(0, identText(v.ident()), span(v))
                : new InitValue((v.MINUS() != null ? -1 : 1) * number(v.number()), null, span(v));
        return new Statement.InitDecl(declaredName(ctx.ref()), value, span(ctx));
    }

    private List<Expr.Ref> names(RnnParser.NameListContext ctx) {
        List<Expr.Ref> out = new ArrayList<>();
        for (RnnParser.RefContext r : ctx.ref()) {
            out.add(declaredName(r));
        }
        return out;
    }

    /** A name in a declaration: a time index there is allowed (`state h_t`), a power is not. */
    private Expr.Ref declaredName(RnnParser.RefContext ctx) {
        Expr e = ref(ctx);
        if (e instanceof Expr.Ref r) {
            return r;
        }
        diagnostics.error(span(ctx), "a declaration names a value; this is an expression",
                "write the bare name, e.g. `state h`");
        Expr.Power p = (Expr.Power) e;
        return (Expr.Ref) p.base();
    }

    private SizeTerm.Sum size(RnnParser.SizeContext ctx) {
        List<SizeTerm> terms = new ArrayList<>();
        int sign = 1;
        for (int i = 0; i < ctx.getChildCount(); i++) {
            if (ctx.getChild(i) instanceof RnnParser.SizeTermContext t) {
                int coefficient = t.INT() == null ? 1 : parseCount(t.INT().getSymbol());
                String variable = t.ident() == null ? null : identText(t.ident());
                terms.add(new SizeTerm(sign * coefficient, variable, span(t)));
            } else {
                sign = ctx.getChild(i).getText().equals("+") ? 1 : -1;
            }
        }
        return new SizeTerm.Sum(terms, span(ctx));
    }

    private int parseCount(Token t) {
        try {
            return Integer.parseInt(t.getText());
        } catch (NumberFormatException e) {
            diagnostics.error(span(t), "size `" + t.getText() + "` is too large", "sizes are at most 2147483647");
            return 1;
        }
    }

    // ------------------------------------------------------------ expressions

    private Expr expr(RnnParser.ExprContext ctx) {
        return (Expr) visit(ctx);
    }

    @Override
    public Expr visitExpr(RnnParser.ExprContext ctx) {
        return leftAssociative(ctx, ctx.elementwise());
    }

    @Override
    public Expr visitElementwise(RnnParser.ElementwiseContext ctx) {
        return leftAssociative(ctx, ctx.signed());
    }

    /** Folds `a op b op c` to the left; the operators sit between the operands as tokens. */
    private Expr leftAssociative(ParserRuleContext ctx, List<? extends ParserRuleContext> operands) {
        Expr acc = (Expr) visit(operands.get(0));
        int next = 1;
        for (int i = 1; i < ctx.getChildCount(); i += 2) {
            String op = ctx.getChild(i).getText();
            Expr right = (Expr) visit(operands.get(next++));
            acc = new Expr.Binary(binaryOp(op), acc, right, acc.span().to(right.span()));
        }
        return acc;
    }

    private static Expr.BinaryOp binaryOp(String token) {
        return switch (token) {
            case "+" -> Expr.BinaryOp.ADD;
            case "-", "−" -> Expr.BinaryOp.SUB;
            case "/", "÷" -> Expr.BinaryOp.DIV;
            default -> Expr.BinaryOp.MUL;
        };
    }

    @Override
    public Expr visitSigned(RnnParser.SignedContext ctx) {
        if (ctx.product() != null) {
            return (Expr) visit(ctx.product());
        }
        Expr operand = (Expr) visit(ctx.signed());
        return ctx.MINUS() != null ? new Expr.Negate(operand, span(ctx)) : operand;
    }

    @Override
    public Expr visitProduct(RnnParser.ProductContext ctx) {
        List<Expr> factors = new ArrayList<>();
        for (RnnParser.PostfixContext p : ctx.postfix()) {
            factors.add((Expr) visit(p));
        }
        return factors.size() == 1 ? factors.get(0) : new Expr.Product(factors, span(ctx));
    }

    @Override
    public Expr visitPostfix(RnnParser.PostfixContext ctx) {
        if (ctx.ref() != null) {
            return ref(ctx.ref());
        }
        Expr acc = (Expr) visit(ctx.atom());
        for (RnnParser.SupContext sup : ctx.sup()) {
            Superscript s = superscript(sup);
            if (s.time != null) {
                diagnostics.error(span(sup), "a time index belongs on a name, not on an expression",
                        "index each name inside, e.g. `(a_t + b_t)`");
            } else {
                acc = new Expr.Power(acc, s.exponent, acc.span().to(span(sup)));
            }
        }
        return acc;
    }

    @Override
    public Expr visitCall(RnnParser.CallContext ctx) {
        Expr callee = ref(ctx.ref());
        List<Expr> args = new ArrayList<>();
        for (RnnParser.ExprContext e : ctx.expr()) {
            args.add(expr(e));
        }
        if (callee instanceof Expr.Ref r) {
            return new Expr.Call(r, args, span(ctx));
        }
        // `x^2(…)`: a power followed by parentheses can only be a product.
        Expr arg = args.size() == 1 ? args.get(0) : new Expr.Concat(args, span(ctx));
        return new Expr.Product(List.of(callee, arg), span(ctx));
    }

    @Override
    public Expr visitLiteral(RnnParser.LiteralContext ctx) {
        return new Expr.Num(number(ctx.number()), span(ctx));
    }

    @Override
    public Expr visitParens(RnnParser.ParensContext ctx) {
        return expr(ctx.expr());
    }

    @Override
    public Expr visitGroup(RnnParser.GroupContext ctx) {
        return expr(ctx.expr());
    }

    @Override
    public Expr visitConcat(RnnParser.ConcatContext ctx) {
        List<Expr> parts = new ArrayList<>();
        for (RnnParser.ExprContext e : ctx.expr()) {
            parts.add(expr(e));
        }
        return new Expr.Concat(parts, span(ctx));
    }

    @Override
    public Expr visitFraction(RnnParser.FractionContext ctx) {
        return new Expr.Binary(Expr.BinaryOp.DIV, expr(ctx.num), expr(ctx.den), span(ctx));
    }

    private double number(RnnParser.NumberContext ctx) {
        return Double.parseDouble(ctx.getText());
    }

    // ------------------------------------------------------------ names

    /** The parts of a name while it is being read. */
    private static final class NameParts {
        String base;
        final List<String> labels = new ArrayList<>();
        TimeIndex time;
        final List<Expr> powers = new ArrayList<>();
    }

    /** A name: a {@link Expr.Ref}, wrapped in {@link Expr.Power}s when superscripts were powers. */
    private Expr ref(RnnParser.RefContext ctx) {
        NameParts parts = nameParts(ctx);
        StringBuilder name = new StringBuilder(parts.base);
        for (String label : parts.labels) {
            name.append('_').append(label);
        }
        Span span = span(ctx);
        Expr acc = new Expr.Ref(Names.normalise(name.toString()), parts.time, span);
        for (Expr power : parts.powers) {
            acc = new Expr.Power(acc, power, span);
        }
        return acc;
    }

    private NameParts nameParts(RnnParser.RefContext ctx) {
        NameParts parts = base(ctx.base());
        for (int i = 1; i < ctx.getChildCount(); i++) {
            if (ctx.getChild(i) instanceof RnnParser.SubContext sub) {
                subscript(sub, parts);
            } else if (ctx.getChild(i) instanceof RnnParser.SupContext sup) {
                Superscript s = superscript(sup);
                if (s.time != null) {
                    setTime(parts, s.time, span(sup));
                } else {
                    parts.powers.add(s.exponent);
                }
            }
        }
        return parts;
    }

    private NameParts base(RnnParser.BaseContext ctx) {
        if (ctx instanceof RnnParser.AccentBaseContext a) {
            NameParts inner = nameParts(a.ref());
            String mark = Names.accentMark(a.ACCENT().getText());
            inner.base = Names.normalise(inner.base + mark);
            return inner;
        }
        if (ctx instanceof RnnParser.FontBaseContext f) {
            return nameParts(f.ref());
        }
        NameParts parts = new NameParts();
        parts.base = ctx instanceof RnnParser.LatexBaseContext l ? latexName(l.LATEX().getSymbol()) : ctx.getText();
        return parts;
    }

    private String latexName(Token token) {
        String word = Names.latexWord(token.getText());
        if (word == null) {
            diagnostics.error(span(token), "unknown LaTeX command `" + token.getText() + "`",
                    "rnnc reads Greek letters, \\tanh, \\sigma, \\log, \\exp, \\sqrt, accents and \\frac");
            return token.getText().substring(1);
        }
        return word;
    }

    private String identText(RnnParser.IdentContext ctx) {
        return ctx.LATEX() != null ? latexName(ctx.LATEX().getSymbol()) : Names.normalise(ctx.getText());
    }

    private void subscript(RnnParser.SubContext ctx, NameParts parts) {
        String text = indexText(ctx);
        TimeIndex time = timeIndex(text, ctx);
        if (time != null) {
            setTime(parts, time, span(ctx));
        } else if (text.isEmpty()) {
            diagnostics.error(span(ctx), "empty subscript", "write a label or a time index, e.g. `h_{t-1}`");
        } else {
            parts.labels.add(text);
        }
    }

    private void setTime(NameParts parts, TimeIndex time, Span where) {
        if (parts.time != null) {
            diagnostics.error(where, "a name has one time index; this one has two",
                    "keep one, e.g. `h_{t-1}` or `h^{<t-1>}`");
        }
        parts.time = time;
    }

    /** The text of an index, tokens joined without spaces, LaTeX Greek made Unicode. */
    private String indexText(ParserRuleContext ctx) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ctx.getChildCount(); i++) {
            if (ctx.getChild(i) instanceof RnnParser.IndexTokenContext t) {
                b.append(indexToken(t.getStart()));
            } else if (ctx.getChild(i) instanceof TerminalNode n) {
                int type = n.getSymbol().getType();
                if (type == RnnParser.NAME || type == RnnParser.INT || type == RnnParser.LATEX) {
                    b.append(indexToken(n.getSymbol()));
                }
            }
        }
        return b.toString();
    }

    private String indexToken(Token t) {
        if (t.getType() == RnnParser.LATEX) {
            return latexName(t);
        }
        return t.getText();
    }

    /** Reads `t`, `t-1`, `t+2`, `(t)` as a time index; anything else is a label (null). */
    private TimeIndex timeIndex(String text, ParserRuleContext where) {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            if (text.matches("\\(?t[+-].*")) {
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

    /** A superscript: a time index (`^{<t>}`, `^{t-1}`) or an exponent. */
    private record Superscript(TimeIndex time, Expr exponent) {
    }

    private Superscript superscript(RnnParser.SupContext ctx) {
        if (ctx.LT() != null || ctx.SUP_OPEN() != null) {
            String text = indexText(ctx);
            TimeIndex time = timeIndex(text, ctx);
            if (time == null) {
                if (ctx.SUP_OPEN() != null && text.matches("\\d+")) {
                    return new Superscript(null, new Expr.Num(Double.parseDouble(text), span(ctx)));
                }
                diagnostics.error(span(ctx), "`" + text + "` is not a time index", "write `<t>` or `<t-1>`");
                return new Superscript(TimeIndex.NOW, null);
            }
            return new Superscript(time, null);
        }
        Expr exponent;
        if (ctx.expr() != null) {
            exponent = expr(ctx.expr());
        } else {
            Token t = ((TerminalNode) ctx.getChild(1)).getSymbol();
            exponent = t.getType() == RnnParser.INT
                    ? new Expr.Num(Double.parseDouble(t.getText()), span(t))
                    : new Expr.Ref(t.getType() == RnnParser.LATEX ? latexName(t) : t.getText(), null, span(t));
        }
        TimeIndex time = timeOf(exponent);
        return time != null ? new Superscript(time, null) : new Superscript(null, exponent);
    }

    /** `t`, `t-k`, `t+k` parsed as an expression inside `^{…}`. */
    private static TimeIndex timeOf(Expr e) {
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

    // ------------------------------------------------------------ spans

    private Span span(ParserRuleContext ctx) {
        Token stop = ctx.getStop() == null || ctx.getStop().getStopIndex() < ctx.getStart().getStartIndex()
                ? ctx.getStart() : ctx.getStop();
        return new Span(source, ctx.getStart().getStartIndex(), stop.getStopIndex() + 1);
    }

    private Span span(Token token) {
        return new Span(source, token.getStartIndex(), token.getStopIndex() + 1);
    }
}
