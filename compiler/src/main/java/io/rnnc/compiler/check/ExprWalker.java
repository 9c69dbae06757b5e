package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.ExprTraversal;
import java.util.function.Consumer;

/** Visits every name an expression reads (not the names it calls as functions). */
final class ExprWalker {
    private ExprWalker() {
    }

    static void refs(Expr e, CellScope scope, Consumer<Expr.Ref> visit) {
        ExprTraversal.forEachRead(e, callee -> !scope.isFunction(callee.name()), visit);
    }
}
