package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.CellAst;
import io.rnnc.compiler.ast.Names;
import io.rnnc.compiler.ast.Statement;
import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks one cell: files its lines ({@link Definitions}), decides roles ({@link Roles}),
 * types every equation ({@link ExprTyper}), then settles what is left: free sizes, the
 * output, `init` lines.
 */
public final class Checker {
    private static final Set<String> INIT_SCHEMES = Set.of(
            "zeros", "ones", "identity", "orthogonal", "xavier", "glorot", "uniform", "normal");

    private final CellScope scope;
    private final Params params;
    private final ExprTyper typer;
    private final StackedValues stacked;

    private Checker(CellAst cell, Diagnostics diagnostics, int errorsBefore) {
        this.scope = new CellScope(cell, diagnostics, errorsBefore);
        this.params = new Params(scope);
        this.typer = new ExprTyper(scope, params);
        this.stacked = new StackedValues(scope);
    }

    /**
     * Checks {@code cell}; the result is null when an error was reported (the errors are in
     * {@code diagnostics}).
     */
    public static TypedCell check(CellAst cell, Diagnostics diagnostics) {
        int errorsBefore = diagnostics.errorCount();
        CellAst vectorForm = TimeAlignment.apply(UnitIndex.apply(PrimedNames.apply(cell, diagnostics), diagnostics), diagnostics);
        Checker checker = new Checker(vectorForm, diagnostics, errorsBefore);
        TypedCell typed = checker.run();
        return checker.scope.hasErrors() ? null : typed;
    }

    private TypedCell run() {
        Definitions.collect(scope);
        Roles.resolve(scope);
        params.applyDeclarations();
        params.defineBlocks(typer::type);
        List<TypedCell.Value> values = typeValues();
        settleStateSizes();
        warnUnusedDeclarations();
        stacked.checkSizes();
        List<String> sizeParams = nameFreeSizes(values);
        String output = output();
        Size inputSize = scope.solver.resolve(Size.var(TypedCell.INPUT));
        TypedCell cell = new TypedCell(scope.cell.name(), scope.cell.span().source(), scope.input, inputSize, states(),
                resolved(values), finalParams(), views(), output, sizeParams);
        if (!scope.hasErrors() && output != null) {
            warnPeepholes(output);
            Liveness.warn(cell, name -> scope.definitions.get(name).lhs().span(), scope.diagnostics);
        }
        return cell;
    }

    private List<TypedCell.Value> typeValues() {
        List<TypedCell.Value> values = new ArrayList<>();
        for (String name : scope.order) {
            Statement.Equation eq = scope.definitions.get(name);
            typer.defining = name;
            TExpr rhs = scope.stackOf.containsKey(name) ? stacked.slice(name) : typer.type(eq.rhs());
            Shape shape = rhs.shape();
            if (scope.stacks.containsKey(name)) {
                stacked.split(name, shape, eq);
            }
            if (scope.stateLags.containsKey(name)) {
                shape = stateShape(name, eq, shape);
            }
            scope.valueShapes.put(name, shape);
            values.add(new TypedCell.Value(name, scope.timeIndexed.contains(name), rhs, shape, eq.span()));
        }
        return values;
    }

    /** Graves 2013 writes peepholes as matrices, `W_ci c_{t-1}`, and says they are diagonal. */
    private void warnPeepholes(String output) {
        for (ExprTyper.Peephole p : typer.peepholes) {
            if (!p.state().equals(output)) {
                scope.diagnostics.warning(p.span(), "`" + p.param() + "` multiplies the cell state `" + p.state()
                                + "` as a full matrix",
                        "papers that write peepholes so (Graves 2013) mean a diagonal matrix: declare `param " + p.param()
                                + " : diag` for that, or `param " + p.param() + " : [H, H]` to keep the full matrix");
            }
        }
    }

    /**
     * A state is read and defined with one size: what its reads and its equation agree on.
     * What they leave open becomes H ({@link #settleStateSizes}).
     */
    private Shape stateShape(String name, Statement.Equation eq, Shape shape) {
        Size size = scope.stateSize(name);
        if (shape.isScalar()) {
            scope.diagnostics.error(eq.rhs().span(), "state `" + name + "` needs a vector, but this is a scalar",
                    "a state is carried between steps as a vector");
        } else if (shape.isVector()) {
            Runnable conflict = () -> scope.diagnostics.error(eq.rhs().span(), "state `" + name + "` is read as a vector of size "
                            + typer.show(size) + ", but this has size " + typer.show(shape.size()),
                    "a state keeps one size from step to step: the products that read `" + name
                            + "` and its equation must agree on it");
            if (!scope.solver.unifyElementwise(shape.size(), size, conflict)) {
                conflict.run();
            }
        }
        return Shape.vector(size);
    }

    /** Settles the sizes: a state whose size nothing fixed has the hidden size H. */
    private void settleStateSizes() {
        List<Size> sizes = new ArrayList<>();
        for (String name : scope.order) {
            if (scope.stateLags.containsKey(name)) {
                sizes.add(scope.stateSize(name));
            }
        }
        scope.solver.settle(sizes, Size.var(TypedCell.HIDDEN));
    }

    private void warnUnusedDeclarations() {
        for (CellScope.ParamSlot slot : scope.params.values()) {
            // A line with an error may be the one that uses it.
            if (!slot.used && slot.declaration != null && !scope.hasUnparsedLines) {
                scope.diagnostics.warning(slot.declaration.span(), "parameter `" + slot.name + "` is declared but never used",
                        "remove the declaration or use it in an equation");
            }
        }
        scope.inits.forEach((name, init) -> checkInit(init));
    }

    private void checkInit(Statement.InitDecl init) {
        String name = init.name().name();
        String scheme = init.value().scheme();
        if (scheme != null && !INIT_SCHEMES.contains(scheme)) {
            scope.diagnostics.error(init.value().span(), "unknown initialiser `" + scheme + "`",
                    "use a number or one of: " + String.join(", ", new java.util.TreeSet<>(INIT_SCHEMES)));
            return;
        }
        CellScope.ParamSlot slot = scope.params.get(name);
        if (slot == null || !slot.used) {
            // A line with an error may be the one that uses it.
            if (!scope.hasUnparsedLines) {
                scope.diagnostics.error(init.name().span(), "`init` names `" + name + "`, which is not a parameter of this cell",
                        scope.stateLags.containsKey(name)
                                ? "`" + name + "` is a state: it starts at zeros, or at the initial state given at run time"
                                : "`init` sets the starting value of a learned parameter, e.g. `init b_f = 1`");
            }
            return;
        }
        if (scheme == null) {
            return;
        }
        if ((scheme.equals("identity") || scheme.equals("orthogonal")) && slot.kind != TypedCell.ParamKind.MATRIX) {
            scope.diagnostics.error(init.value().span(), "`" + scheme + "` initialises a matrix, and `" + name + "` is not one",
                    "use a number, e.g. `init " + name + " = 0`");
        } else if (scheme.equals("identity") && !scope.solver.resolve(slot.rows).equals(scope.solver.resolve(slot.cols))) {
            scope.diagnostics.error(init.value().span(), "`identity` needs a square matrix, and `" + name + "` is ["
                    + typer.show(slot.rows) + ", " + typer.show(slot.cols) + "]", "use `orthogonal` for a matrix that is not square");
        }
    }

    /**
     * Sizes no constraint fixed become size parameters, named after the value that has them
     * (`y` → `Y`) so that `show` and `--size Y=10` read naturally.
     */
    private List<String> nameFreeSizes(List<TypedCell.Value> values) {
        Set<String> taken = new LinkedHashSet<>(List.of(TypedCell.HIDDEN, TypedCell.INPUT));
        taken.addAll(scope.solver.rigid());
        List<String> named = new ArrayList<>(scope.solver.rigid());
        for (TypedCell.Value v : values) {
            if (v.shape().isVector()) {
                Size s = scope.solver.resolve(v.shape().size());
                if (s.terms().size() == 1 && s.constant() == 0 && s.terms().values().iterator().next() == 1) {
                    String var = s.terms().keySet().iterator().next();
                    if (ShapeSolver.isFresh(var)) {
                        String name = unique(Names.baseLetter(v.name()).toUpperCase(java.util.Locale.ROOT), taken);
                        scope.solver.name(var, name);
                        named.add(name);
                    }
                }
            }
        }
        for (CellScope.ParamSlot slot : scope.params.values()) {
            for (Size s : new Size[] {slot.rows, slot.cols}) {
                if (s == null) {
                    continue;
                }
                for (String var : scope.solver.resolve(s).terms().keySet()) {
                    if (ShapeSolver.isFresh(var)) {
                        String name = unique("N", taken);
                        scope.solver.name(var, name);
                        named.add(name);
                    }
                }
                checkAmbiguous(slot, scope.solver.resolve(s));
            }
        }
        return named;
    }

    private static String unique(String base, Set<String> taken) {
        String name = base.isEmpty() ? "N" : base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + i;
        }
        taken.add(name);
        return name;
    }

    private void checkAmbiguous(CellScope.ParamSlot slot, Size s) {
        if (s.terms().values().stream().anyMatch(c -> c < 0) || (s.isConstant() && s.constant() <= 0)) {
            scope.diagnostics.error(slot.firstUse, "cannot infer a sensible shape for `" + slot.name + "`: one of its sizes would be " + s,
                    "declare its shape, e.g. `param " + slot.name + " : [H, X]`");
        }
    }

    private String output() {
        if (!scope.declaredOutputs.isEmpty()) {
            var it = scope.declaredOutputs.entrySet().iterator();
            var first = it.next();
            it.forEachRemaining(e -> scope.diagnostics.error(e.getValue(), "a cell has one output",
                    "stack a second layer to compute another output"));
            if (!scope.isValue(first.getKey()) && !scope.unparsed.contains(first.getKey())) {
                scope.diagnostics.error(first.getValue(), "output `" + first.getKey() + "` is never defined",
                        "define it, e.g. `" + first.getKey() + "_t = …`");
                return null;
            }
            return checkedOutput(first.getKey(), first.getValue());
        }
        String chosen = firstValue(v -> Names.baseLetter(v).equalsIgnoreCase("y") && !Names.hasLabel(v), false);
        // h before a before s: Goodfellow et al.'s LSTM has a cell state s and outputs h;
        // any case: Dive into Deep Learning writes its batches' states C and H.
        for (boolean statesOnly : new boolean[] {true, false}) {
            for (String letter : List.of("h", "a", "s")) {
                if (chosen == null) {
                    chosen = firstValue(v -> Names.baseLetter(v).equalsIgnoreCase(letter) && !Names.hasLabel(v), statesOnly);
                }
            }
        }
        if (chosen == null) {
            chosen = scope.stateLags.isEmpty() ? lastValue() : scope.stateLags.keySet().iterator().next();
        }
        return chosen == null ? null : checkedOutput(chosen, scope.definitions.get(chosen).lhs().span());
    }

    private String firstValue(java.util.function.Predicate<String> test, boolean statesOnly) {
        for (String v : scope.definitions.keySet()) {
            if (test.test(v) && (!statesOnly || scope.stateLags.containsKey(v))) {
                return v;
            }
        }
        return null;
    }

    private String lastValue() {
        String last = null;
        for (String v : scope.definitions.keySet()) {
            last = v;
        }
        return last;
    }

    private String checkedOutput(String name, Span where) {
        if (scope.valueShapes.getOrDefault(name, Shape.UNKNOWN).isScalar()) {
            scope.diagnostics.error(where, "the output `" + name + "` is a scalar; a layer outputs a vector at each step",
                    "output a vector value, e.g. `output h`");
        }
        return name;
    }

    private List<TypedCell.State> states() {
        List<TypedCell.State> states = new ArrayList<>();
        for (String v : scope.order) {
            if (scope.stateLags.containsKey(v)) {
                states.add(new TypedCell.State(v, scope.stateLags.get(v), scope.solver.resolve(scope.stateSize(v))));
            }
        }
        states.sort(java.util.Comparator.comparingInt(s -> List.copyOf(scope.definitions.keySet()).indexOf(s.name())));
        return states;
    }

    private List<TypedCell.Value> resolved(List<TypedCell.Value> values) {
        List<TypedCell.Value> out = new ArrayList<>();
        for (TypedCell.Value v : values) {
            out.add(new TypedCell.Value(v.name(), v.timeIndexed(), ShapeResolver.resolve(v.expr(), scope.solver),
                    resolve(v.shape()), v.span()));
        }
        return out;
    }

    private Shape resolve(Shape s) {
        return s.isVector() ? Shape.vector(scope.solver.resolve(s.size())) : s;
    }

    private List<TypedCell.Param> finalParams() {
        List<TypedCell.Param> out = new ArrayList<>();
        for (CellScope.ParamSlot slot : scope.params.values()) {
            if (!slot.used) {
                continue;
            }
            Statement.InitDecl init = scope.inits.get(slot.name);
            TypedCell.Init i = init == null ? null : new TypedCell.Init(init.value().scheme(), init.value().constant());
            out.add(new TypedCell.Param(slot.name, slot.kind, slot.rows == null ? null : scope.solver.resolve(slot.rows),
                    slot.cols == null ? null : scope.solver.resolve(slot.cols), i, slot.diagonal, slot.firstUse));
        }
        return out;
    }

    private List<TypedCell.View> views() {
        List<TypedCell.View> out = new ArrayList<>();
        scope.views.entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> e.getValue().index()))
                .forEach(e -> {
                    CellScope.ViewDef v = e.getValue();
                    List<Size> sizes = params.blockSizes(v.param());
                    Size offset = Size.of(0);
                    for (int i = 0; i < v.index(); i++) {
                        offset = offset.plus(sizes.get(i));
                    }
                    out.add(new TypedCell.View(e.getKey(), v.param(), scope.solver.resolve(offset),
                            scope.solver.resolve(sizes.get(v.index()))));
                });
        return out;
    }
}
