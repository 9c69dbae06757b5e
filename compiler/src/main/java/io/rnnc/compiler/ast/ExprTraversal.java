package io.rnnc.compiler.ast;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Visiting and rewriting the names of an expression, for passes that read or respell them. */
public final class ExprTraversal {
    private ExprTraversal() {
    }

    /** Calls {@code visit} on every name in {@code e}, callees of calls included. */
    public static void forEachRef(Expr e, Consumer<Expr.Ref> visit) {
        map(e, r -> {
            visit.accept(r);
            return r;
        });
    }

    /**
     * Calls {@code visit} on every name {@code e} reads as a value, and on the callees of calls
     * that {@code callees} accepts (a matrix written before parentheses, `U (r ⊙ h)`, is read).
     */
    public static void forEachRead(Expr e, Predicate<Expr.Ref> callees, Consumer<Expr.Ref> visit) {
        if (e instanceof Expr.Call c) {
            if (callees.test(c.callee())) {
                visit.accept(c.callee());
            }
            c.args().forEach(a -> forEachRead(a, callees, visit));
        } else if (e instanceof Expr.Ref r) {
            visit.accept(r);
        } else if (e instanceof Expr.Product p) {
            p.factors().forEach(f -> forEachRead(f, callees, visit));
        } else if (e instanceof Expr.Binary b) {
            forEachRead(b.left(), callees, visit);
            forEachRead(b.right(), callees, visit);
        } else if (e instanceof Expr.Negate n) {
            forEachRead(n.operand(), callees, visit);
        } else if (e instanceof Expr.Concat c) {
            c.parts().forEach(p -> forEachRead(p, callees, visit));
        } else if (e instanceof Expr.Power p) {
            forEachRead(p.base(), callees, visit);
            forEachRead(p.exponent(), callees, visit);
        } else if (e instanceof Expr.Transpose t) {
            forEachRead(t.operand(), callees, visit);
        } else if (e instanceof Expr.Element el) {
            forEachRead(el.vector(), callees, visit);
        }
    }

    /** {@code e} with every name (callees included) replaced by what {@code f} makes of it. */
    public static Expr mapRefs(Expr e, UnaryOperator<Expr.Ref> f) {
        return map(e, f);
    }

    private static Expr map(Expr e, UnaryOperator<Expr.Ref> f) {
        if (e instanceof Expr.Ref r) {
            return f.apply(r);
        }
        if (e instanceof Expr.Num) {
            return e;
        }
        if (e instanceof Expr.Call c) {
            return new Expr.Call(f.apply(c.callee()), all(c.args(), f), c.column(), c.span());
        }
        if (e instanceof Expr.Product p) {
            return new Expr.Product(all(p.factors(), f), p.span());
        }
        if (e instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), map(b.left(), f), map(b.right(), f), b.asterisk(), b.span());
        }
        if (e instanceof Expr.Negate n) {
            return new Expr.Negate(map(n.operand(), f), n.span());
        }
        if (e instanceof Expr.Concat c) {
            return new Expr.Concat(all(c.parts(), f), c.span());
        }
        if (e instanceof Expr.Power p) {
            return new Expr.Power(map(p.base(), f), map(p.exponent(), f), p.span());
        }
        if (e instanceof Expr.Transpose t) {
            return new Expr.Transpose(map(t.operand(), f), t.span());
        }
        Expr.Element el = (Expr.Element) e;
        return new Expr.Element(map(el.vector(), f), el.index(), el.span());
    }

    /** A plain loop: a stream costs a dozen stack frames for each level of nesting. */
    private static List<Expr> all(List<Expr> es, UnaryOperator<Expr.Ref> f) {
        List<Expr> out = new ArrayList<>(es.size());
        for (Expr e : es) {
            out.add(map(e, f));
        }
        return List.copyOf(out);
    }
}
