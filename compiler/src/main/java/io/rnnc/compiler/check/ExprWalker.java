package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import java.util.function.Consumer;

/** Visits every name an expression reads (not the names it calls as functions). */
final class ExprWalker {
    private ExprWalker() {
    }

    static void refs(Expr e, CellScope scope, Consumer<Expr.Ref> visit) {
        if (e instanceof Expr.Ref r) {
            visit.accept(r);
        } else if (e instanceof Expr.Call c) {
            if (!scope.isFunction(c.callee().name())) {
                visit.accept(c.callee());
            }
            c.args().forEach(a -> refs(a, scope, visit));
        } else if (e instanceof Expr.Product p) {
            p.factors().forEach(f -> refs(f, scope, visit));
        } else if (e instanceof Expr.Binary b) {
            refs(b.left(), scope, visit);
            refs(b.right(), scope, visit);
        } else if (e instanceof Expr.Negate n) {
            refs(n.operand(), scope, visit);
        } else if (e instanceof Expr.Concat c) {
            c.parts().forEach(p -> refs(p, scope, visit));
        } else if (e instanceof Expr.Power p) {
            refs(p.base(), scope, visit);
            refs(p.exponent(), scope, visit);
        }
    }
}
