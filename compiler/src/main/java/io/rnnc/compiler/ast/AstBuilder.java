package io.rnnc.compiler.ast;

import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import io.rnnc.grammar.RnnBaseVisitor;
import io.rnnc.grammar.RnnParser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Turns the parse tree into the AST, one method per grammar rule. Here the many notations
 * become one: subscripts and superscripts are split into labels, time indices and powers
 * ({@link NameReader}), LaTeX and Unicode spellings of a name become the same string, and sums
 * become what they compute ({@link Sums}).
 */
public final class AstBuilder extends RnnBaseVisitor<Object> {
    private final Source source;
    private final Diagnostics diagnostics;
    private final String defaultCellName;
    private final NameReader names;
    /** The number of terms of each sum in the statement being read (`D` in `\sum_{i=1}^{D}`). */
    private final Set<String> sumBounds = new LinkedHashSet<>();

    /**
     * @param source the file parsed
     * @param diagnostics where problems of notation go (unknown LaTeX commands, bad indices)
     * @param defaultCellName the name of a file's cell when it has no `cell` header
     */
    public AstBuilder(Source source, Diagnostics diagnostics, String defaultCellName) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.defaultCellName = defaultCellName;
        this.names = new NameReader(source, diagnostics, this::expr);
    }

    /** The cells of a file. */
    public List<CellAst> cells(RnnParser.FileContext ctx) {
        List<CellAst> cells = new ArrayList<>();
        for (RnnParser.CellContext cell : ctx.cell()) {
            cells.add(cell(cell));
        }
        if (ctx.statements() != null) {
            cells.add(new CellAst(defaultCellName, statements(ctx.statements()), span(ctx.statements().statement(0))));
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
        sumBounds.clear();
        Statement.Equation eq = new Statement.Equation(expr(ctx.lhs), expr(ctx.rhs), span(ctx));
        for (Expr side : List.of(eq.lhs(), eq.rhs())) {
            ExprTraversal.forEachRef(side, r -> {
                if (sumBounds.contains(r.name())) {
                    diagnostics.error(r.span(), "`" + r.name() + "` counts the terms of a sum in this equation, "
                                    + "and rnnc has no other use for it",
                            "rnnc reads `\\frac{1}{" + r.name() + "}\\sum_{i=1}^{" + r.name() + "} z_i` and `(1/" + r.name()
                                    + ") ∑_{i=1}^{" + r.name() + "} z_i` as `mean(z)` (`1/" + r.name() + " ∑…` divides by the product `"
                                    + r.name() + " ∑…`); write `mean(…)` or `sum(…)` where the count is needed");
                }
            });
        }
        return eq;
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
        if (ctx.kind != null) {
            if (!identText(ctx.kind).equals("diag")) {
                diagnostics.error(span(ctx.kind), "unknown kind of parameter `" + ctx.kind.getText() + "`",
                        "write a shape, e.g. `param W : [H, X]`, or `param W : diag` for a diagonal matrix");
            }
            return new Statement.ParamDecl(declaredName(ctx.ref()), dims, true, span(ctx));
        }
        for (RnnParser.SizeContext size : ctx.shape().size()) {
            dims.add(size(size));
        }
        return new Statement.ParamDecl(declaredName(ctx.ref()), dims, false, span(ctx));
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

    /** A name in a declaration: a time index there is allowed (`state h_t`), a power or transpose is not. */
    private Expr.Ref declaredName(RnnParser.RefContext ctx) {
        Expr e = names.ref(ctx);
        if (e instanceof Expr.Ref r) {
            return r;
        }
        diagnostics.error(span(ctx), "a declaration names a value; this is an expression",
                "write the bare name, e.g. `state h`");
        while (!(e instanceof Expr.Ref)) {
            e = e instanceof Expr.Power p ? p.base() : ((Expr.Transpose) e).operand();
        }
        return (Expr.Ref) e;
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
            Token op = ((TerminalNode) ctx.getChild(i)).getSymbol();
            Expr right = (Expr) visit(operands.get(next++));
            boolean asterisk = Set.of("*", "∗", "\\ast").contains(op.getText());
            acc = new Expr.Binary(binaryOp(op), acc, right, asterisk, acc.span().to(right.span()));
        }
        return acc;
    }

    private static Expr.BinaryOp binaryOp(Token token) {
        return switch (token.getType()) {
            case RnnParser.PLUS -> Expr.BinaryOp.ADD;
            case RnnParser.MINUS -> Expr.BinaryOp.SUB;
            case RnnParser.SLASH -> Expr.BinaryOp.DIV;
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

    /**
     * A chain of factors. A sum (`\sum_{i=1}^{D}`) takes the factors after it as its terms;
     * `\frac{1}{D}` just before a sum with the same D makes it a mean.
     */
    @Override
    public Expr visitProduct(RnnParser.ProductContext ctx) {
        List<Expr> factors = new ArrayList<>();
        List<RnnParser.PostfixContext> postfixes = ctx.postfix();
        for (int i = 0; i < postfixes.size(); i++) {
            RnnParser.PostfixContext p = postfixes.get(i);
            if (p.atom() instanceof RnnParser.SumContext sum && p.sup().isEmpty()) {
                Expr terms = sumTerms(sum, postfixes.subList(i + 1, postfixes.size()));
                if (terms == null) {
                    return new Expr.Num(0, span(ctx));
                }
                boolean mean = !factors.isEmpty() && isReciprocalOf(factors.get(factors.size() - 1), bound(sum));
                if (mean) {
                    factors.remove(factors.size() - 1);
                }
                Expr read = Sums.read(sumIndex(sum), mean, terms, span(sum).to(terms.span()), diagnostics);
                factors.add(read == null ? new Expr.Num(0, span(ctx)) : read);
                break;
            }
            factors.add((Expr) visit(p));
        }
        return factors.size() == 1 ? factors.get(0) : new Expr.Product(factors, span(ctx));
    }

    private Expr sumTerms(RnnParser.SumContext sum, List<RnnParser.PostfixContext> rest) {
        if (rest.isEmpty()) {
            diagnostics.error(span(sum), "a sum needs its terms after it", "e.g. `\\sum_{i=1}^{D} z_i`");
            return null;
        }
        if (sum.sumIndex() == null) {
            diagnostics.error(span(sum), "a sum needs its index", "e.g. `\\sum_{i=1}^{D} z_i` or `\\sum_j W_{i,j} h_j`");
            return null;
        }
        if (bound(sum) != null) {
            sumBounds.add(bound(sum));
        }
        List<Expr> terms = new ArrayList<>();
        for (RnnParser.PostfixContext p : rest) {
            if (p.atom() instanceof RnnParser.SumContext) {
                diagnostics.error(span(p), "rnnc reads one sum in a product", "sum in two steps, e.g. `u = \\sum_j …`");
                return null;
            }
            terms.add((Expr) visit(p));
        }
        return terms.size() == 1 ? terms.get(0) : new Expr.Product(terms, span(rest.get(0)).to(span(rest.get(rest.size() - 1))));
    }

    private static String sumIndex(RnnParser.SumContext sum) {
        return sum.sumIndex().NAME().getText();
    }

    private String bound(RnnParser.SumContext sum) {
        return sum.sumBound() == null ? null : identText(sum.sumBound().ident());
    }

    /** `\frac{1}{D}` for the sum's own D. */
    private static boolean isReciprocalOf(Expr e, String bound) {
        return bound != null && e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.DIV
                && b.left() instanceof Expr.Num n && n.value() == 1
                && b.right() instanceof Expr.Ref r && r.name().equals(bound) && r.time() == null;
    }

    @Override
    public Expr visitPostfix(RnnParser.PostfixContext ctx) {
        if (ctx.ref() != null) {
            return names.ref(ctx.ref());
        }
        if (ctx.element() != null) {
            return (Expr) visit(ctx.element());
        }
        if (ctx.atom() instanceof RnnParser.SumContext sum) {
            diagnostics.error(span(sum), "a sum needs its terms after it", "e.g. `\\sum_{i=1}^{D} z_i`");
            return new Expr.Num(0, span(ctx));
        }
        return superscripts((Expr) visit(ctx.atom()), ctx.sup());
    }

    /** Superscripts on an expression: powers and transposes; a time index or label belongs on a name. */
    private Expr superscripts(Expr base, List<RnnParser.SupContext> sups) {
        Expr acc = base;
        for (RnnParser.SupContext sup : sups) {
            NameReader.Superscript s = names.superscript(sup, false);
            if (s.time() != null || s.prime()) {
                diagnostics.error(span(sup), "a time index belongs on a name, not on an expression",
                        "index each name inside, e.g. `(a_t + b_t)`");
            } else if (s.label() != null) {
                diagnostics.error(span(sup), "a label belongs on a name, not on an expression",
                        "write it on the name, e.g. `W^{(1)}`");
            } else if (s.transpose()) {
                acc = new Expr.Transpose(acc, acc.span().to(span(sup)));
            } else if (s.exponent() != null) {
                acc = new Expr.Power(acc, s.exponent(), acc.span().to(span(sup)));
            }
        }
        return acc;
    }

    @Override
    public Expr visitElement(RnnParser.ElementContext ctx) {
        Expr vector = expr(ctx.expr());
        String index = names.elementIndex(ctx.sub());
        Expr element = index == null ? vector : new Expr.Element(vector, index, span(ctx.LBRACK().getSymbol()).to(span(ctx.sub())));
        return superscripts(element, ctx.sup());
    }

    /**
     * `f(a, b)`; also `x(t)` and `h(t−1)`, the time index as a PDF gives `x^{(t)}` when pasted,
     * and `W (h; x)`, a matrix times a column.
     */
    @Override
    public Expr visitCall(RnnParser.CallContext ctx) {
        Expr callee = names.ref(ctx.ref());
        List<Expr> args = new ArrayList<>();
        for (RnnParser.ExprContext e : ctx.expr()) {
            args.add(expr(e));
        }
        boolean column = args.size() > 1 && ctx.COMMA().isEmpty();
        if (callee instanceof Expr.Ref r) {
            TimeIndex time = args.size() == 1 && r.time() == null ? NameReader.timeOf(args.get(0)) : null;
            if (time != null) {
                return new Expr.Ref(r.name(), time, r.unit(), span(ctx));
            }
            return new Expr.Call(r, args, column, span(ctx));
        }
        // `x^2(…)`, `Wᵀ(…)`: a power or transpose followed by parentheses can only be a product.
        Expr arg = args.size() == 1 ? args.get(0) : new Expr.Concat(args, span(ctx));
        return new Expr.Product(List.of(callee, arg), span(ctx));
    }

    @Override
    public Expr visitLiteral(RnnParser.LiteralContext ctx) {
        return new Expr.Num(number(ctx.number()), span(ctx));
    }

    /** `(a)`, or `(i_t; f_t; o_t; g_t)`: a column, values stacked. */
    @Override
    public Expr visitParens(RnnParser.ParensContext ctx) {
        if (ctx.expr().size() == 1) {
            return expr(ctx.expr(0));
        }
        List<Expr> parts = new ArrayList<>();
        for (RnnParser.ExprContext e : ctx.expr()) {
            parts.add(expr(e));
        }
        return new Expr.Concat(parts, span(ctx));
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

    private String identText(RnnParser.IdentContext ctx) {
        return ctx.LATEX() != null ? names.latexName(ctx.LATEX().getSymbol()) : Names.normalise(ctx.getText());
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
