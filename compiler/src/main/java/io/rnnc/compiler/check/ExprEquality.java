package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import java.util.List;
import java.util.Objects;

/** Structural equality of expressions as written, ignoring where they were written. */
final class ExprEquality {
    private ExprEquality() {
    }

    static boolean same(Expr a, Expr b) {
        if (a instanceof Expr.Ref x && b instanceof Expr.Ref y) {
            return x.name().equals(y.name()) && Objects.equals(x.time(), y.time());
        }
        if (a instanceof Expr.Num x && b instanceof Expr.Num y) {
            return x.value() == y.value();
        }
        if (a instanceof Expr.Call x && b instanceof Expr.Call y) {
            return same(x.callee(), y.callee()) && same(x.args(), y.args());
        }
        if (a instanceof Expr.Product x && b instanceof Expr.Product y) {
            return same(x.factors(), y.factors());
        }
        if (a instanceof Expr.Binary x && b instanceof Expr.Binary y) {
            return x.op() == y.op() && same(x.left(), y.left()) && same(x.right(), y.right());
        }
        if (a instanceof Expr.Negate x && b instanceof Expr.Negate y) {
            return same(x.operand(), y.operand());
        }
        if (a instanceof Expr.Concat x && b instanceof Expr.Concat y) {
            return same(x.parts(), y.parts());
        }
        if (a instanceof Expr.Power x && b instanceof Expr.Power y) {
            return same(x.base(), y.base()) && same(x.exponent(), y.exponent());
        }
        return false;
    }

    private static boolean same(List<Expr> a, List<Expr> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
