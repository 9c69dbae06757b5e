package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.CellAst;
import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.ExprTraversal;
import io.rnnc.compiler.ast.Names;
import io.rnnc.compiler.ast.Statement;
import io.rnnc.compiler.ast.TimeIndex;
import io.rnnc.compiler.diag.Diagnostics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cells written with primes instead of time indices, as PyTorch's documentation writes its
 * cells: `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`. `h'` is the new value (`h_t`), a bare
 * `h` its previous one (`h_{t-1}`), a bare `x` the input (`x_t`).
 */
final class PrimedNames {
    private final CellAst cell;
    private final Diagnostics diagnostics;
    private final Set<String> primed = new HashSet<>();
    private final Set<String> defined = new HashSet<>();

    private PrimedNames(CellAst cell, Diagnostics diagnostics) {
        this.cell = cell;
        this.diagnostics = diagnostics;
    }

    /** {@code cell} with its primes read as time indices; unchanged when it has none. */
    static CellAst apply(CellAst cell, Diagnostics diagnostics) {
        return new PrimedNames(cell, diagnostics).run();
    }

    private CellAst run() {
        List<Expr.Ref> primedReads = new ArrayList<>();
        Expr.Ref timeIndexed = null;
        for (Statement s : cell.statements()) {
            if (s instanceof Statement.Equation eq) {
                if (eq.lhs() instanceof Expr.Ref r) {
                    (isPrimed(r.name()) ? primed : defined).add(unprimed(r.name()));
                }
                for (Expr side : List.of(eq.lhs(), eq.rhs())) {
                    List<Expr.Ref> refs = new ArrayList<>();
                    ExprTraversal.forEachRef(side, refs::add);
                    for (Expr.Ref r : refs) {
                        if (isPrimed(r.name())) {
                            primedReads.add(r);
                        } else if (r.time() != null && timeIndexed == null) {
                            timeIndexed = r;
                        }
                    }
                }
            }
        }
        if (primedReads.isEmpty()) {
            return cell;
        }
        for (Expr.Ref r : primedReads) {
            if (!primed.contains(unprimed(r.name())) || r.time() != null || r.name().endsWith("''")) {
                diagnostics.error(r.span(), "`" + r.name() + "` marks the new value of `" + unprimed(r.name())
                        + "`, but no equation defines `" + r.name() + "`", "define it, e.g. `" + r.name() + " = …`");
                return cell;
            }
        }
        if (timeIndexed != null) {
            diagnostics.error(timeIndexed.span(), "this cell marks new values with primes (`" + primedReads.get(0).name()
                    + "`) and also writes time indices", "use one of the two: `h' = …` and `h`, or `h_t = …` and `h_{t-1}`");
            return cell;
        }
        List<Statement> out = new ArrayList<>();
        for (Statement s : cell.statements()) {
            out.add(s instanceof Statement.Equation eq
                    ? new Statement.Equation(rewrite(eq.lhs()), rewrite(eq.rhs()), eq.span()) : s);
        }
        return new CellAst(cell.name(), out, cell.span());
    }

    private Expr rewrite(Expr e) {
        return ExprTraversal.mapRefs(e, r -> {
            String name = r.name();
            if (isPrimed(name)) {
                return new Expr.Ref(unprimed(name), TimeIndex.NOW, r.unit(), r.span());
            }
            if (primed.contains(name)) {
                return new Expr.Ref(name, new TimeIndex(1), r.unit(), r.span());
            }
            if (!defined.contains(name) && Names.baseLetter(name).equals("x") && !Names.hasLabel(name)) {
                return new Expr.Ref(name, TimeIndex.NOW, r.unit(), r.span());
            }
            return r;
        });
    }

    private static boolean isPrimed(String name) {
        return name.endsWith("'");
    }

    private static String unprimed(String name) {
        return name.replaceAll("'+$", "");
    }
}
