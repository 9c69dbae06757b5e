package io.rnnc.compiler.show;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.ir.StepGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * `rnnc show --grad`: the derived backward step as equations a student can follow. Each value
 * that receives a gradient gets a line `δv_t = …`; a gradient used in several places is named
 * once (`δ₁`); the states' gradients at earlier steps and the parameter gradients follow.
 */
public final class BackwardPrinter {
    private static final String SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

    private final BackwardGraph graph;
    private final TypedCell cell;
    private final Notation notation;
    private final int forwardCount;
    /** Node id → the name it prints as. */
    private final Map<Integer, String> names = new HashMap<>();
    /** Node id → the left side of its equation, in computation order. */
    private final TreeMap<Integer, String> lines = new TreeMap<>();

    private BackwardPrinter(BackwardGraph graph, Notation notation) {
        this.graph = graph;
        this.cell = graph.forward().cell();
        this.notation = notation;
        this.forwardCount = graph.forward().nodes().size();
    }

    /** The backward equations of a cell in {@code notation}. */
    public static String print(BackwardGraph graph, Notation notation) {
        return new BackwardPrinter(graph, notation).run();
    }

    private String run() {
        nameForwardNodes();
        nameGradients();
        nameSharedTemporaries();
        GraphPrinter printer = new GraphPrinter(graph.nodes(), cell, notation, names::get);
        boolean latex = notation == Notation.LATEX;
        StringBuilder out = new StringBuilder();
        out.append(latex ? "% " : "").append("backward step of ").append(cell.name()).append('\n');
        if (latex) {
            out.append("\\begin{aligned}\n");
        }
        for (Map.Entry<Integer, String> line : lines.entrySet()) {
            out.append(latex ? "  " + line.getValue() + " &= " : "  " + line.getValue() + " = ")
                    .append(printer.definition(line.getKey())).append(latex ? " \\\\\n" : "\n");
        }
        for (BackwardGraph.ParamGrad g : graph.paramGrads()) {
            out.append("  ").append(paramGrad(g, latex)).append(latex ? " \\\\\n" : "\n");
        }
        if (latex) {
            out.append("\\end{aligned}\n");
        }
        out.append(latex ? "% " : "").append(legend()).append('\n');
        return out.toString();
    }

    private String legend() {
        String derivative = notation == Notation.LATEX ? "\\partial\\ell/\\partial v" : "∂ℓ/∂v";
        return notation.delta("v", null) + " = " + derivative + "; " + seedName("s") + ": the gradient that later steps send back to s_t; "
                + "parameter gradients are summed over steps and the batch";
    }

    /** Forward values print as themselves: `f_t`, `c_{t-1}`, `x_t`, `W_f`. */
    private void nameForwardNodes() {
        StepGraph f = graph.forward();
        for (TypedCell.Value v : cell.values()) {
            names.putIfAbsent(f.values().get(v.name()), valueName(v.name(), 0));
        }
        for (Node n : f.nodes()) {
            if (n.op() == Op.INPUT) {
                names.put(n.id(), notation.name(n.name(), "t"));
            } else if (n.op() == Op.STATE) {
                names.put(n.id(), notation.name(n.name(), "t-" + n.lag()));
            }
        }
        for (Node n : graph.nodes()) {
            if (n.op() == Op.SEED_STATE) {
                names.put(n.id(), seedName(n.name()));
            } else if (n.op() == Op.SEED_OUTPUT) {
                String seed = notation == Notation.LATEX ? "\\frac{\\partial \\ell}{\\partial " + valueName(cell.output(), 0) + "}"
                        : "∂ℓ/∂" + valueName(cell.output(), 0);
                names.put(n.id(), seed);
            }
        }
    }

    private String seedName(String state) {
        String base = notation.delta(state, "t");
        return notation == Notation.LATEX ? base + "^{+}" : base + "⁺";
    }

    private String valueName(String value, int lag) {
        TypedCell.Value v = cell.value(value);
        boolean indexed = v == null || v.timeIndexed() || cell.state(value) != null;
        return notation.name(value, indexed ? (lag == 0 ? "t" : "t-" + lag) : null);
    }

    /** Each value's gradient, each earlier state's and the input's get a line of their own. */
    private void nameGradients() {
        StepGraph f = graph.forward();
        for (TypedCell.Value v : cell.values()) {
            Integer adjoint = graph.adjoints().get(f.values().get(v.name()));
            if (adjoint != null && adjoint >= forwardCount && !lines.containsKey(adjoint)) {
                define(adjoint, deltaOf(v.name(), 0));
            }
        }
        graph.stateGrads().forEach((read, node) -> define(node, deltaOf(read.state(), read.lag())));
        if (graph.inputGrad() >= 0) {
            define(graph.inputGrad(), notation.deltaSymbol() + notation.name(cell.input(), "t"));
        }
    }

    private String deltaOf(String value, int lag) {
        return notation.deltaSymbol() + valueName(value, lag);
    }

    private void define(int node, String name) {
        if (node < forwardCount || names.containsKey(node) && node >= forwardCount && isSeed(node)) {
            return;
        }
        lines.putIfAbsent(node, name);
        names.putIfAbsent(node, name);
    }

    private boolean isSeed(int node) {
        Op op = graph.nodes().get(node).op();
        return op == Op.SEED_STATE || op == Op.SEED_OUTPUT;
    }

    /** Backward nodes read in two or more places are named, so their expression prints once. */
    private void nameSharedTemporaries() {
        Map<Integer, Integer> uses = new LinkedHashMap<>();
        for (int definition : new ArrayList<>(lines.keySet())) {
            countUses(definition, uses, true);
        }
        for (BackwardGraph.ParamGrad g : graph.paramGrads()) {
            int delta = g instanceof BackwardGraph.ParamGrad.Direct d ? d.delta() : ((BackwardGraph.ParamGrad.Outer) g).delta();
            countUses(delta, uses, false);
        }
        int counter = 0;
        for (Map.Entry<Integer, Integer> e : new TreeMap<>(uses).entrySet()) {
            Node n = graph.nodes().get(e.getKey());
            if (e.getValue() >= 2 && !names.containsKey(e.getKey()) && n.op().kind() != Op.Kind.LEAF
                    && n.op() != Op.BROADCAST) {
                String name = notation.deltaSymbol().trim() + subscript(++counter);
                names.put(e.getKey(), name);
                lines.put(e.getKey(), name);
            }
        }
    }

    private void countUses(int id, Map<Integer, Integer> uses, boolean root) {
        if (id < forwardCount) {
            return;
        }
        if (!root) {
            uses.merge(id, 1, Integer::sum);
            if (names.containsKey(id) || uses.get(id) > 1) {
                return;
            }
        }
        for (int in : graph.nodes().get(id).inputs()) {
            countUses(in, uses, false);
        }
    }

    private String subscript(int n) {
        if (notation == Notation.LATEX) {
            return "_{" + n + "}";
        }
        StringBuilder b = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            b.append(SUBSCRIPTS.charAt(c - '0'));
        }
        return b.toString();
    }

    private String paramGrad(BackwardGraph.ParamGrad g, boolean latex) {
        GraphPrinter printer = new GraphPrinter(graph.nodes(), cell, notation, names::get);
        String partial = latex ? "\\partial " : "∂";
        String arrow = latex ? " &\\mathrel{+}= " : " += ";
        if (g instanceof BackwardGraph.ParamGrad.Direct d) {
            return partial + notation.name(d.param(), null) + arrow + atom(printer, d.delta());
        }
        BackwardGraph.ParamGrad.Outer o = (BackwardGraph.ParamGrad.Outer) g;
        // The gradient of M in M·v is δ ⊗ v; for a block of a transpose, v ⊗ δ lands on the stored matrix.
        Matrix m = o.matrix();
        boolean transposed = m.transposed() != (m.blocks().size() == 1 && m.blocks().get(0).transposed());
        Matrix stored = m.blocks().size() == 1 ? Matrix.of(unflipped(m.blocks().get(0))) : new Matrix(m.blocks(), false);
        String target = printer.matrix(stored);
        String delta = atom(printer, o.delta());
        String operand = atom(printer, o.operand());
        String product = transposed ? operand + " " + notation.outer() + " " + delta : delta + " " + notation.outer() + " " + operand;
        return partial + target + arrow + product;
    }

    private String atom(GraphPrinter printer, int id) {
        String name = names.get(id);
        if (name != null) {
            return name;
        }
        String text = printer.definition(id);
        return text.matches("[\\p{L}\\p{M}\\p{N}_{}\\-\\[\\]:, +\\\\^<>]*") && !text.contains(" ") ? text : "(" + text + ")";
    }

    private static Matrix.Block unflipped(Matrix.Block b) {
        return b.transposed() ? new Matrix.Block(b.param(), false, b.colOffset(), b.cols(), b.rowOffset(), b.rows()) : b;
    }
}
