package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.CellAst;
import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.ExprTraversal;
import io.rnnc.compiler.ast.Statement;
import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Cells written one unit at a time, as IndRNN (`h_{n,t} = σ(w_n x_t + u_n h_{n,t-1} + b_n)`),
 * Cho et al. (`r_j = σ([W_r x]_j + [U_r h_{⟨t-1⟩}]_j)`) and Goodfellow et al.
 * (`f_i^{(t)} = σ(b_i^f + \sum_j U_{i,j}^f x_j^{(t)} + …)`) write them, read in vector form.
 * The unit index is the letter paired with time (`h_{n,t}`) or selecting an element
 * (`[…]_j`, a sum's row index). Names carrying it lose it; a product of two per-unit factors
 * is elementwise (`u_n h_{n,t-1}` is `u ⊙ h_{t-1}`), a per-unit weight times a whole vector is
 * a row of a matrix (`w_n x_t` is `(W x_t)_n`).
 */
final class UnitIndex {
    private final Diagnostics diagnostics;
    private final String unit;
    private final Set<String> functions;
    private boolean failed;

    private UnitIndex(Diagnostics diagnostics, String unit, Set<String> functions) {
        this.diagnostics = diagnostics;
        this.unit = unit;
        this.functions = functions;
    }

    /** An expression with whether it stands for one unit's value. */
    private record Read(Expr expr, boolean perUnit) {
    }

    /** {@code cell} in vector form; unchanged when it is not written per unit. */
    static CellAst apply(CellAst cell, Diagnostics diagnostics) {
        Map<String, Span> letters = new LinkedHashMap<>();
        Set<String> functions = new TreeSet<>();
        for (Statement s : cell.statements()) {
            if (s instanceof Statement.Equation eq) {
                unitLetters(eq.lhs(), letters);
                unitLetters(eq.rhs(), letters);
                if (eq.lhs() instanceof Expr.Call c) {
                    functions.add(c.callee().name());
                } else if (eq.lhs() instanceof Expr.Ref r && eq.rhs() instanceof Expr.Ref target && target.time() == null
                        && Builtin.named(target.name()) != null) {
                    functions.add(r.name());
                }
            }
        }
        if (letters.isEmpty()) {
            return cell;
        }
        if (letters.size() > 1) {
            var it = letters.entrySet().iterator();
            String first = it.next().getKey();
            var second = it.next();
            diagnostics.error(second.getValue(), "this cell indexes units with both `" + first + "` and `" + second.getKey() + "`",
                    "use one letter for the unit index throughout, or write the cell in vector form");
            return cell;
        }
        UnitIndex pass = new UnitIndex(diagnostics, letters.keySet().iterator().next(), functions);
        List<Statement> out = new ArrayList<>();
        for (Statement s : cell.statements()) {
            if (s instanceof Statement.Equation eq) {
                out.add(new Statement.Equation(pass.read(eq.lhs()).expr(), pass.read(eq.rhs()).expr(), eq.span()));
            } else {
                out.add(s);
            }
        }
        return pass.failed ? cell : new CellAst(cell.name(), out, cell.span());
    }

    private static void unitLetters(Expr e, Map<String, Span> letters) {
        if (e instanceof Expr.Element el) {
            letters.putIfAbsent(el.index(), el.span());
            unitLetters(el.vector(), letters);
            return;
        }
        ExprTraversal.forEachRef(e, r -> {
            if (r.unit() != null) {
                letters.putIfAbsent(r.unit(), r.span());
            }
        });
        forEachChild(e, child -> unitLetters(child, letters));
    }

    /** The direct subexpressions that can hold an element `[…]_j`. */
    private static void forEachChild(Expr e, java.util.function.Consumer<Expr> visit) {
        if (e instanceof Expr.Call c) {
            c.args().forEach(visit);
        } else if (e instanceof Expr.Product p) {
            p.factors().forEach(visit);
        } else if (e instanceof Expr.Binary b) {
            visit.accept(b.left());
            visit.accept(b.right());
        } else if (e instanceof Expr.Negate n) {
            visit.accept(n.operand());
        } else if (e instanceof Expr.Concat c) {
            c.parts().forEach(visit);
        } else if (e instanceof Expr.Power p) {
            visit.accept(p.base());
        } else if (e instanceof Expr.Transpose t) {
            visit.accept(t.operand());
        }
    }

    private Read read(Expr e) {
        if (e instanceof Expr.Ref r) {
            return ref(r);
        }
        if (e instanceof Expr.Num) {
            return new Read(e, false);
        }
        if (e instanceof Expr.Element el) {
            Read inner = read(el.vector());
            if (inner.perUnit()) {
                return fail(el.span(), "inside `[…]_" + unit + "` goes a whole vector, and this holds one unit's value",
                        "drop the unit index inside, e.g. `[W x]_" + unit + "`");
            }
            return new Read(inner.expr(), true);
        }
        if (e instanceof Expr.Product p) {
            return product(p);
        }
        if (e instanceof Expr.Binary b) {
            Read l = read(b.left());
            Read r = read(b.right());
            return new Read(new Expr.Binary(b.op(), l.expr(), r.expr(), b.asterisk(), b.span()), l.perUnit() || r.perUnit());
        }
        if (e instanceof Expr.Negate n) {
            Read o = read(n.operand());
            return new Read(new Expr.Negate(o.expr(), n.span()), o.perUnit());
        }
        if (e instanceof Expr.Power p) {
            Read b = read(p.base());
            return new Read(new Expr.Power(b.expr(), p.exponent(), p.span()), b.perUnit());
        }
        if (e instanceof Expr.Transpose t) {
            Read o = read(t.operand());
            return new Read(new Expr.Transpose(o.expr(), t.span()), o.perUnit());
        }
        if (e instanceof Expr.Call c) {
            List<Expr> args = new ArrayList<>();
            boolean perUnit = false;
            for (Expr a : c.args()) {
                Read r = read(a);
                args.add(r.expr());
                perUnit |= r.perUnit();
            }
            Read callee = ref(c.callee());
            return new Read(new Expr.Call((Expr.Ref) callee.expr(), args, c.column(), c.span()), perUnit || callee.perUnit());
        }
        Expr.Concat c = (Expr.Concat) e;
        List<Expr> parts = new ArrayList<>();
        boolean perUnit = false;
        for (Expr p : c.parts()) {
            Read r = read(p);
            parts.add(r.expr());
            perUnit |= r.perUnit();
        }
        return new Read(new Expr.Concat(parts, c.span()), perUnit);
    }

    /** A name without its unit index: `h_{n,t}` → `h_t`, `u_n` → `u`, `b_i^f` → `b_f`. */
    private Read ref(Expr.Ref r) {
        List<String> parts = new ArrayList<>(Arrays.asList(r.name().split("_", -1)));
        boolean labelled = parts.subList(1, parts.size()).remove(unit);
        if (!labelled && r.unit() == null) {
            return new Read(r, false);
        }
        return new Read(new Expr.Ref(String.join("_", parts), r.time(), null, r.span()), true);
    }

    /**
     * Folds the factors from the right: one unit's value times one unit's value is
     * elementwise; a per-unit weight times a whole vector is a row of a matrix product.
     */
    private Read product(Expr.Product p) {
        List<Read> factors = new ArrayList<>();
        for (Expr f : p.factors()) {
            factors.add(read(f));
        }
        if (factors.stream().noneMatch(Read::perUnit)) {
            return new Read(new Expr.Product(factors.stream().map(Read::expr).toList(), p.span()), false);
        }
        Read rest = factors.get(factors.size() - 1);
        for (int k = factors.size() - 2; k >= 0; k--) {
            Read f = factors.get(k);
            Span span = p.factors().get(k).span().to(p.span());
            if (isFunction(f.expr()) || !f.perUnit() && !rest.perUnit()) {
                rest = new Read(new Expr.Product(List.of(f.expr(), rest.expr()), span), rest.perUnit());
            } else if (f.perUnit() && rest.perUnit() || isNumber(f.expr())) {
                rest = new Read(new Expr.Binary(Expr.BinaryOp.MUL, f.expr(), rest.expr(), span), true);
            } else if (f.perUnit() && f.expr() instanceof Expr.Ref) {
                rest = new Read(new Expr.Product(List.of(f.expr(), rest.expr()), span), true);
            } else if (f.perUnit()) {
                return fail(span, "one unit's value multiplies a whole vector here",
                        "index both with `" + unit + "`, or write the cell in vector form");
            } else {
                return fail(p.factors().get(k).span(), "`" + text(f.expr()) + "` multiplies one unit's value",
                        "in per-unit notation a weight carries the unit index too, e.g. `w_" + unit
                                + " x_t` for a row of `W`, `u_" + unit + " h_{" + unit + ",t-1}` for an elementwise one");
            }
        }
        return rest;
    }

    private boolean isFunction(Expr e) {
        return e instanceof Expr.Ref r && r.time() == null && (functions.contains(r.name()) || Builtin.named(r.name()) != null);
    }

    private static boolean isNumber(Expr e) {
        return e instanceof Expr.Num || e instanceof Expr.Negate n && n.operand() instanceof Expr.Num;
    }

    private static String text(Expr e) {
        return e instanceof Expr.Ref r ? r.name() : "this factor";
    }

    private Read fail(Span span, String message, String hint) {
        diagnostics.error(span, message, hint);
        failed = true;
        return new Read(new Expr.Num(0, span), false);
    }
}
