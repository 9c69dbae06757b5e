package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.SizeTerm;
import io.rnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The parameters of a cell while their shapes are inferred: each use as a matrix or a vector
 * fixes its kind and adds size constraints; a declaration fixes them up front.
 */
final class Params {
    private final CellScope scope;
    /** For each matrix split by a block identity, the size of each block, in order. */
    private final Map<String, List<Size>> blockSizes = new HashMap<>();

    Params(CellScope scope) {
        this.scope = scope;
    }

    /** Gives declared parameters their declared kind and sizes. */
    void applyDeclarations() {
        for (CellScope.ParamSlot slot : scope.params.values()) {
            if (slot.declaration.diagonal()) {
                slot.kind = TypedCell.ParamKind.VECTOR;
                slot.rows = scope.solver.fresh();
                slot.diagonal = true;
                continue;
            }
            List<SizeTerm.Sum> dims = slot.declaration.dims();
            slot.kind = dims.isEmpty() ? TypedCell.ParamKind.SCALAR
                    : dims.size() == 1 ? TypedCell.ParamKind.VECTOR : TypedCell.ParamKind.MATRIX;
            slot.rows = dims.isEmpty() ? null : declaredSize(dims.get(0));
            slot.cols = dims.size() < 2 ? null : declaredSize(dims.get(1));
        }
    }

    private Size declaredSize(SizeTerm.Sum sum) {
        Size s = Size.of(0);
        for (SizeTerm term : sum.terms()) {
            if (term.variable() == null) {
                s = s.plus(Size.of(term.coefficient()));
                continue;
            }
            String v = term.variable().equals(scope.hiddenName) ? TypedCell.HIDDEN : term.variable();
            if (!v.equals(TypedCell.HIDDEN) && !v.equals(TypedCell.INPUT)) {
                scope.solver.addRigid(v);
            }
            s = s.plus(Size.var(v).times(term.coefficient()));
        }
        return s;
    }

    /** Gives each matrix split by a block identity its columns: the sum of its blocks. */
    void defineBlocks(Function<Expr, TExpr> typer) {
        Map<String, CellScope.ViewDef> firstOfEach = new java.util.LinkedHashMap<>();
        scope.views.values().forEach(v -> firstOfEach.putIfAbsent(v.param(), v));
        for (CellScope.ViewDef view : firstOfEach.values()) {
            List<Size> sizes = new ArrayList<>();
            for (Expr block : view.blocks()) {
                Shape s = typer.apply(block).shape();
                sizes.add(s.isVector() ? s.size() : Size.of(1));
            }
            blockSizes.put(view.param(), sizes);
            CellScope.ParamSlot slot = matrixSlot(view.param(), view.span());
            if (slot != null) {
                Size total = sizes.stream().reduce(Size.of(0), Size::plus);
                if (!scope.solver.unify(slot.cols, total)) {
                    scope.diagnostics.error(view.span(), "the blocks of `" + view.param() + "` have " + show(total)
                            + " columns in all, but it has " + show(slot.cols), declarationHint(slot));
                }
            }
        }
    }

    /** The sizes of the blocks of a split matrix, or null when it is not split. */
    List<Size> blockSizes(String param) {
        return blockSizes.get(param);
    }

    boolean isDeclared(String name) {
        CellScope.ParamSlot slot = scope.params.get(name);
        return slot != null && slot.declaration != null;
    }

    boolean canBeMatrix(String name) {
        CellScope.ParamSlot slot = scope.params.get(name);
        return slot == null || slot.kind == null || slot.kind == TypedCell.ParamKind.MATRIX;
    }

    /** A parameter used as a bias or elementwise weight. */
    TExpr asVector(String name, Span use) {
        CellScope.ParamSlot slot = slot(name, use);
        if (slot.kind == null) {
            slot.kind = TypedCell.ParamKind.VECTOR;
            slot.rows = scope.solver.fresh();
        }
        if (slot.kind == TypedCell.ParamKind.MATRIX) {
            scope.diagnostics.error(use, "`" + name + "` is a matrix (line " + slot.firstUse.line()
                    + ") but is used here as a vector", "a matrix needs a vector to multiply, e.g. `" + name + " x_t`");
            return new TExpr.Const(Double.NaN, Shape.UNKNOWN);
        }
        Shape shape = slot.kind == TypedCell.ParamKind.SCALAR ? Shape.SCALAR : Shape.vector(slot.rows);
        return new TExpr.ParamRef(name, shape);
    }

    /**
     * `W v` (or `v · W` when {@code rowVector}, which `Wᵀ v` is too).
     *
     * @param transposed whether it was written with `Wᵀ`, for printing it as written
     */
    TExpr matVec(Expr.Ref w, TExpr operand, boolean rowVector, boolean transposed, Span span) {
        String name = w.name();
        CellScope.ViewDef view = scope.views.get(name);
        CellScope.ParamSlot slot = view != null ? matrixSlot(view.param(), w.span()) : matrixSlot(name, w.span());
        if (slot == null) {
            return new TExpr.Const(Double.NaN, Shape.UNKNOWN);
        }
        Size in;
        Size out;
        if (view != null) {
            if (rowVector) {
                scope.diagnostics.error(w.span(), "`" + name + "` is a column block of `" + view.param() + "`",
                        "multiply it from the left, e.g. `" + name + " a_{t-1}`");
                return new TExpr.Const(Double.NaN, Shape.UNKNOWN);
            }
            in = blockSizes.get(view.param()).get(view.index());
            out = slot.rows;
        } else {
            in = rowVector ? slot.rows : slot.cols;
            out = rowVector ? slot.cols : slot.rows;
        }
        Shape result = Shape.vector(out);
        if (operand.shape().isUnknown()) {
            return new TExpr.MatVec(name, operand, rowVector, transposed, result);
        }
        if (operand.shape().isScalar()) {
            scope.diagnostics.error(span, "`" + name + "` is a matrix, but what it multiplies here is a scalar",
                    "to scale elementwise by a learned vector, write `" + name + " ⊙ …` and use it as a vector");
            return new TExpr.MatVec(name, operand, rowVector, transposed, result);
        }
        if (!scope.solver.unify(in, operand.shape().size())) {
            String side = rowVector ? "rows" : "columns";
            scope.diagnostics.error(span, "`" + name + "` has " + show(in) + " " + side
                    + ", but the vector it multiplies has size " + show(operand.shape().size()), declarationHint(slot));
        }
        return new TExpr.MatVec(name, operand, rowVector, transposed, result);
    }

    private CellScope.ParamSlot matrixSlot(String name, Span use) {
        CellScope.ParamSlot slot = slot(name, use);
        if (slot.kind == null) {
            slot.kind = TypedCell.ParamKind.MATRIX;
            slot.rows = scope.solver.fresh();
            slot.cols = scope.solver.fresh();
        }
        if (slot.kind != TypedCell.ParamKind.MATRIX) {
            String what = slot.kind == TypedCell.ParamKind.VECTOR ? "a vector" : "a scalar";
            scope.diagnostics.error(use, "`" + name + "` is " + what + " (line " + slot.firstUse.line()
                    + ") but is used here as a matrix", slot.declaration != null
                    ? "its declaration makes it " + what + "; declare `param " + name + " : [rows, cols]` for a matrix"
                    : "use two parameters, one a matrix and one a vector");
            return null;
        }
        return slot;
    }

    private CellScope.ParamSlot slot(String name, Span use) {
        CellScope.ParamSlot slot = scope.params.computeIfAbsent(name, n -> new CellScope.ParamSlot(n, use));
        if (!slot.used) {
            slot.used = true;
            slot.firstUse = use;
        }
        return slot;
    }

    private String declarationHint(CellScope.ParamSlot slot) {
        if (slot.declaration != null) {
            return "`param " + slot.name + "` on line " + slot.declaration.span().line()
                    + " fixes its shape; correct the declaration or the equation";
        }
        return "`" + slot.name + "` is used with vectors of different sizes (first on line " + slot.firstUse.line()
                + "); use a separate parameter for each";
    }

    private String show(Size s) {
        return scope.show(s);
    }
}
