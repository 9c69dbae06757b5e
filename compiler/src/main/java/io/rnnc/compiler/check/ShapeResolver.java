package io.rnnc.compiler.check;

import java.util.ArrayList;
import java.util.List;

/** Rewrites the shapes in a checked expression with the solver's final answers. */
final class ShapeResolver {
    private ShapeResolver() {
    }

    static TExpr resolve(TExpr e, ShapeSolver solver) {
        Shape s = e.shape().isVector() ? Shape.vector(solver.resolve(e.shape().size())) : e.shape();
        if (e instanceof TExpr.Read r) {
            return new TExpr.Read(r.name(), r.lag(), r.role(), s);
        }
        if (e instanceof TExpr.ParamRef p) {
            return new TExpr.ParamRef(p.param(), s);
        }
        if (e instanceof TExpr.MatVec m) {
            return new TExpr.MatVec(m.param(), resolve(m.operand(), solver), m.rowVector(), m.transposed(), s);
        }
        if (e instanceof TExpr.Const c) {
            return c;
        }
        if (e instanceof TExpr.Call c) {
            return new TExpr.Call(c.function(), all(c.args(), solver), s);
        }
        if (e instanceof TExpr.Arith a) {
            return new TExpr.Arith(a.op(), resolve(a.left(), solver), resolve(a.right(), solver), s);
        }
        if (e instanceof TExpr.Neg n) {
            return new TExpr.Neg(resolve(n.operand(), solver), s);
        }
        if (e instanceof TExpr.Pow p) {
            return new TExpr.Pow(resolve(p.base(), solver), p.exponent(), s);
        }
        if (e instanceof TExpr.Slice sl) {
            return new TExpr.Slice(resolve(sl.source(), solver), solver.resolve(sl.offset()), solver.resolve(sl.width()), s);
        }
        TExpr.Concat c = (TExpr.Concat) e;
        return new TExpr.Concat(all(c.parts(), solver), s);
    }

    /** A plain loop: a stream costs a dozen stack frames for each level of nesting. */
    private static List<TExpr> all(List<TExpr> es, ShapeSolver solver) {
        List<TExpr> out = new ArrayList<>(es.size());
        for (TExpr e : es) {
            out.add(resolve(e, solver));
        }
        return List.copyOf(out);
    }
}
