package io.rnnc.compiler.show;

import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.check.TExpr;
import io.rnnc.compiler.check.TypedCell;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints checked expressions in normalised notation, Unicode unless told otherwise: `W_f·[h_{t-1}, x_t]`
 * for a matrix product, `⊙` for elementwise products, parentheses only where precedence needs them.
 */
public final class ExprPrinter {
    private static final int SUM = 1;
    private static final int ELEMENTWISE = 2;
    private static final int SIGN = 3;
    private static final int PRODUCT = 4;
    private static final int ATOM = 5;

    private final Set<String> timeIndexed;
    private final Notation notation;

    /** A printer for the names of {@code cell}, in Unicode. */
    public ExprPrinter(TypedCell cell) {
        this(cell, Notation.UNICODE);
    }

    /** A printer for the names of {@code cell} in {@code notation}. */
    public ExprPrinter(TypedCell cell, Notation notation) {
        this.notation = notation;
        this.timeIndexed = cell.values().stream()
                .filter(v -> v.timeIndexed() || cell.state(v.name()) != null)
                .map(TypedCell.Value::name).collect(Collectors.toSet());
    }

    /** The expression as text. */
    public String print(TExpr e) {
        return print(e, 0);
    }

    /** A value's name at {@code lag} steps back: {@code h_t}, {@code h_{t-1}}, {@code Γ_u}, {@code Γ_u^{<t-1>}}. */
    public String name(String name, int lag, boolean input) {
        if (!input && lag == 0 && !timeIndexed.contains(name)) {
            return notation.name(name, null);
        }
        return notation.name(name, lag == 0 ? "t" : "t-" + lag);
    }

    private String print(TExpr e, int context) {
        int p = precedence(e);
        String text = text(e);
        return p < context ? "(" + text + ")" : text;
    }

    private static int precedence(TExpr e) {
        if (e instanceof TExpr.Arith a) {
            return a.op() == Expr.BinaryOp.ADD || a.op() == Expr.BinaryOp.SUB ? SUM : ELEMENTWISE;
        }
        if (e instanceof TExpr.Neg) {
            return SIGN;
        }
        if (e instanceof TExpr.MatVec) {
            return PRODUCT;
        }
        if (e instanceof TExpr.Const c && c.value() < 0) {
            return SIGN;
        }
        return ATOM;
    }

    private String text(TExpr e) {
        if (e instanceof TExpr.Read r) {
            return name(r.name(), r.lag(), r.role() == TExpr.Role.INPUT);
        }
        if (e instanceof TExpr.ParamRef p) {
            return notation.name(p.param(), null);
        }
        if (e instanceof TExpr.Const c) {
            return number(c.value());
        }
        if (e instanceof TExpr.MatVec m) {
            // Printed as written: `Wᵀ·x` and `x·Wᵀ` for a transposed matrix, `x·W` for a row vector.
            boolean matrixFirst = m.rowVector() == m.transposed();
            String param = notation.name(m.param(), null);
            String matrix = m.transposed() ? notation.transpose(param) : param;
            return matrixFirst ? matrix + notation.dot() + print(m.operand(), ATOM)
                    : print(m.operand(), PRODUCT) + notation.dot() + matrix;
        }
        if (e instanceof TExpr.Call c) {
            return notation.call(c.function().display(), c.args().stream().map(a -> print(a, 0))
                    .collect(Collectors.joining(", ")));
        }
        if (e instanceof TExpr.Arith a) {
            int p = precedence(a);
            // Left-associative: the right operand needs parentheses at equal precedence.
            String symbol = a.op() == Expr.BinaryOp.MUL ? notation.hadamard() : a.op().symbol();
            return print(a.left(), p) + " " + symbol + " " + print(a.right(), p + 1);
        }
        if (e instanceof TExpr.Neg n) {
            return "-" + print(n.operand(), PRODUCT);
        }
        if (e instanceof TExpr.Pow p) {
            return notation.power(print(p.base(), ATOM), number(p.exponent()));
        }
        if (e instanceof TExpr.Slice sl) {
            return print(sl.source(), ATOM) + "[" + sl.offset() + ":" + sl.offset().plus(sl.width()) + "]";
        }
        TExpr.Concat c = (TExpr.Concat) e;
        return "[" + c.parts().stream().map(x -> print(x, 0)).collect(Collectors.joining(", ")) + "]";
    }

    /** `1`, `0.5`, `1e-05`: the shortest text that reads back as the same double. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
