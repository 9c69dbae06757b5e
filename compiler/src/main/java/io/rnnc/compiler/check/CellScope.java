package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.CellAst;
import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.Statement;
import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Span;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the checker's passes learn about one cell, shared between them: the definitions,
 * bindings and declarations found, the roles of names, and the parameters with their
 * shapes as far as they are known.
 */
final class CellScope {
    final CellAst cell;
    final Diagnostics diagnostics;
    final ShapeSolver solver = new ShapeSolver();

    /** Per-step values by name, with the equation that defines each. */
    final Map<String, Statement.Equation> definitions = new LinkedHashMap<>();
    /** Values whose equation wrote a time index on the left (`f_t = …`). */
    final java.util.Set<String> timeIndexed = new java.util.HashSet<>();
    /** `φ = tanh`. */
    final Map<String, Builtin> bindings = new LinkedHashMap<>();
    /** `f(x) = …`. */
    final Map<String, UserFunction> functions = new LinkedHashMap<>();
    /** `(f_t; i_t; o_t; g_t) = …`: the values stacked on a left side, by the name of their stack. */
    final Map<String, List<String>> stacks = new LinkedHashMap<>();
    /** For each stacked value, its stack. */
    final Map<String, String> stackOf = new LinkedHashMap<>();
    /** `W_a[a, x] = W_aa a + W_ax x`: the blocks of W_a by alias. */
    final Map<String, ViewDef> views = new LinkedHashMap<>();
    /** Parameters by name, in order of first use or declaration. */
    final Map<String, ParamSlot> params = new LinkedHashMap<>();
    /** `init` lines by parameter name. */
    final Map<String, Statement.InitDecl> inits = new LinkedHashMap<>();
    /** Declared roles. */
    final Map<String, Span> declaredInputs = new LinkedHashMap<>();
    final Map<String, Span> declaredStates = new LinkedHashMap<>();
    final Map<String, Span> declaredOutputs = new LinkedHashMap<>();

    /** Names defined by lines with a reported error ({@link Statement.Broken}): reads go unreported. */
    final java.util.Set<String> unparsed = new java.util.HashSet<>();
    /** Whether some line of the cell has a reported syntax or notation error. */
    boolean hasUnparsedLines;

    /** The name `hidden N` gives the hidden size in shape declarations (H when not declared). */
    String hiddenName = TypedCell.HIDDEN;

    /** Resolved roles. */
    String input;
    final Map<String, Integer> stateLags = new LinkedHashMap<>();
    final Map<String, Shape> valueShapes = new LinkedHashMap<>();
    /** Each state's size, a deferred unknown until the equations fix it (see {@link ShapeSolver}). */
    private final Map<String, Size> stateSizes = new LinkedHashMap<>();
    List<String> order = List.of();

    private final int errorsBefore;

    /**
     * @param errorsBefore the number of errors reported before this cell's were
     */
    CellScope(CellAst cell, Diagnostics diagnostics, int errorsBefore) {
        this.cell = cell;
        this.diagnostics = diagnostics;
        this.errorsBefore = errorsBefore;
    }

    /**
     * True when this cell already has an error of its own or a line with an error. Checks of
     * the cell as a whole (does it read an input?) then mostly repeat that error, so they wait.
     */
    boolean hasErrors() {
        return hasUnparsedLines || diagnostics.errorCount() > errorsBefore;
    }

    boolean isValue(String name) {
        return definitions.containsKey(name);
    }

    boolean isFunction(String name) {
        return !isValue(name) && (bindings.containsKey(name) || functions.containsKey(name)
                || (Builtin.named(name) != null && !params.containsKey(name)));
    }

    /** The size of state {@code name}, the same unknown wherever it is read or defined. */
    Size stateSize(String name) {
        return stateSizes.computeIfAbsent(name, n -> solver.deferred());
    }

    /** How a size reads in a message now: a state's size nothing has fixed yet reads as H. */
    String show(Size s) {
        return solver.likely(s, Size.var(TypedCell.HIDDEN)).toString().replaceAll("\\?\\d+", "?");
    }

    Builtin builtin(String name) {
        return bindings.containsKey(name) ? bindings.get(name) : Builtin.named(name);
    }

    /**
     * A user-defined function: `f(x) = \\frac{1}{1+e^{-x}}`, with the values its body reads
     * that are defined from its parameters (Ba et al.'s `μ` and `σ` of `LN(z; α, β)`).
     */
    record UserFunction(List<String> params, Expr body, Map<String, Expr> locals, Span span) {
    }

    /** One block of a stored matrix named by an alias. */
    record ViewDef(String param, int index, List<Expr> blocks, Span span) {
    }

    /** A parameter while its shape is being inferred. */
    static final class ParamSlot {
        final String name;
        TypedCell.ParamKind kind;
        Size rows;
        Size cols;
        Span firstUse;
        Statement.ParamDecl declaration;
        boolean used;
        /** Declared `diag`: a diagonal matrix, stored as its diagonal. */
        boolean diagonal;

        ParamSlot(String name, Span firstUse) {
            this.name = name;
            this.firstUse = firstUse;
        }
    }
}
