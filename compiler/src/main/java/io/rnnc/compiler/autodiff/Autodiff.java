package io.rnnc.compiler.autodiff;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.ir.GraphBuilder;
import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.ir.StepGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode symbolic differentiation of a step graph: walks the forward nodes from last to
 * first, applies each op's {@link AdjointRules adjoint rule}, and sums the contributions each
 * node receives. The result is more IR, simplified and shared by the same builder.
 */
public final class Autodiff {
    private final StepGraph forward;
    private final GraphBuilder g;
    private final Map<Integer, Integer> adjoint = new HashMap<>();
    /** Gradients arriving through slices, by sliced node and slice offset. */
    private final Map<Integer, Map<Size, Integer>> sliceGrads = new HashMap<>();
    private final Map<BackwardGraph.StateRead, Integer> stateGrads = new LinkedHashMap<>();
    private final List<BackwardGraph.ParamGrad> paramGrads = new ArrayList<>();
    private int inputGrad = -1;

    private Autodiff(StepGraph forward) {
        this.forward = forward;
        this.g = GraphBuilder.extending(forward.nodes());
    }

    /** The backward step of {@code forward}. */
    public static BackwardGraph differentiate(StepGraph forward) {
        return new Autodiff(forward).run();
    }

    private BackwardGraph run() {
        accumulate(forward.output(), g.seedOutput(forward.outputSize()));
        for (StepGraph.StateSlot s : forward.states()) {
            accumulate(s.node(), g.seedState(s.name(), s.size()));
        }
        AdjointRules.Context context = new AdjointRules.Context() {
            @Override
            public GraphBuilder g() {
                return g;
            }

            @Override
            public void to(int operand, int contribution) {
                accumulate(operand, contribution);
            }

            @Override
            public void toSlice(Node slice, int contribution) {
                sliceGrads.computeIfAbsent(slice.in(0), k -> new HashMap<>()).merge(slice.offset(), contribution, g::add);
            }

            @Override
            public void outer(Node matVec, int delta) {
                paramGrads.add(new BackwardGraph.ParamGrad.Outer(matVec.matrix(), delta, matVec.in(0)));
            }
        };
        for (int id = forward.nodes().size() - 1; id >= 0; id--) {
            joinSlices(forward.nodes().get(id));
            Integer d = adjoint.get(id);
            if (d != null) {
                propagate(forward.nodes().get(id), d, context);
            }
        }
        return new BackwardGraph(forward, g.nodes(), inputGrad, stateGrads, paramGrads, Map.copyOf(adjoint));
    }

    private void propagate(Node n, int d, AdjointRules.Context context) {
        switch (n.op()) {
            case INPUT -> inputGrad = d;
            case STATE -> stateGrads.put(new BackwardGraph.StateRead(n.name(), n.lag()), d);
            case PARAM -> paramGrads.add(new BackwardGraph.ParamGrad.Direct(n.name(), d));
            case CONST, SIZE, MASK -> { }
            default -> {
                AdjointRules.Rule rule = AdjointRules.of(n.op());
                if (rule == null) {
                    throw new IllegalStateException("no adjoint rule for " + n.op());
                }
                rule.apply(n, d, context);
            }
        }
    }

    /**
     * A node read through slices gets their gradients side by side, zeros where a slice's
     * value did not matter: a stacked product (see GemmGrouping) block by block, a stacked left
     * side (`(f; i; o; g) = …`) slice by slice.
     */
    private void joinSlices(Node n) {
        Map<Size, Integer> parts = sliceGrads.get(n.id());
        if (parts == null) {
            return;
        }
        List<Integer> tiles = n.op() == Op.MATVEC && blocksHold(n, parts) ? blockTiles(n, parts) : sliceTiles(n, parts);
        accumulate(n.id(), g.concat(tiles));
    }

    /** Whether every slice with a gradient is one block of the stacked product {@code n}. */
    private boolean blocksHold(Node n, Map<Size, Integer> parts) {
        Map<Size, Size> blocks = new HashMap<>();
        Size offset = Size.of(0);
        for (Matrix.Block block : n.matrix().blocks()) {
            blocks.put(offset, block.rows());
            offset = offset.plus(block.rows());
        }
        return parts.entrySet().stream().allMatch(e -> g.node(e.getValue()).size().equals(blocks.get(e.getKey())));
    }

    private List<Integer> blockTiles(Node n, Map<Size, Integer> parts) {
        List<Integer> tiles = new ArrayList<>();
        Size offset = Size.of(0);
        for (Matrix.Block block : n.matrix().blocks()) {
            Integer part = parts.get(offset);
            tiles.add(part != null ? part : g.broadcast(g.constant(0), block.rows()));
            offset = offset.plus(block.rows());
        }
        return tiles;
    }

    /** The tiles of the forward pass's slices of {@code n}, which must cover it end to end. */
    private List<Integer> sliceTiles(Node n, Map<Size, Integer> parts) {
        Map<Size, Size> widths = new HashMap<>();
        for (Node slice : forward.nodes()) {
            if (slice.op() == Op.SLICE && slice.in(0) == n.id()) {
                widths.put(slice.offset(), slice.size());
            }
        }
        List<Integer> tiles = new ArrayList<>();
        Size offset = Size.of(0);
        while (!offset.equals(n.size())) {
            Size width = widths.get(offset);
            if (width == null) {
                throw new IllegalStateException("the slices of node " + n.id() + " do not cover it from " + offset);
            }
            Integer part = parts.get(offset);
            tiles.add(part != null ? part : g.broadcast(g.constant(0), width));
            offset = offset.plus(width);
        }
        return tiles;
    }

    /** Adds a contribution to a node's gradient, summing or broadcasting to the node's shape. */
    private void accumulate(int node, int contribution) {
        Node target = g.node(node);
        Node c = g.node(contribution);
        if (target.isScalar() && !c.isScalar()) {
            contribution = g.vector(Op.SUM, contribution);
        } else if (!target.isScalar() && c.isScalar()) {
            contribution = g.broadcast(contribution, target.size());
        }
        Integer previous = adjoint.get(node);
        adjoint.put(node, previous == null ? contribution : g.add(previous, contribution));
    }
}
