package io.rnnc.compiler.schedule;

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
 * Stacks the matrix products that share an operand into one: the LSTM's four gate products
 * with `h_{t-1}` become one `[4H, H]` product, read back through slices. Done on the forward
 * graph before differentiation, so the backward pass inherits the grouping: one transposed
 * product for the operand's gradient and one outer product for the stacked weights.
 */
public final class GemmGrouping {
    private GemmGrouping() {
    }

    /** The forward graph with its products grouped by operand. */
    public static StepGraph group(StepGraph forward) {
        Map<Integer, List<Node>> byOperand = new LinkedHashMap<>();
        for (Node n : forward.nodes()) {
            if (n.op() == Op.MATVEC && n.matrix().isSingle()) {
                byOperand.computeIfAbsent(n.in(0), k -> new ArrayList<>()).add(n);
            }
        }
        Map<Integer, List<Node>> groupOf = new HashMap<>();
        byOperand.values().stream().filter(g -> g.size() > 1).forEach(g -> g.forEach(n -> groupOf.put(n.id(), g)));
        if (groupOf.isEmpty()) {
            return forward;
        }
        GraphBuilder b = new GraphBuilder();
        int[] map = new int[forward.nodes().size()];
        Map<List<Node>, Integer> stacked = new HashMap<>();
        for (Node n : forward.nodes()) {
            List<Node> group = groupOf.get(n.id());
            if (group == null) {
                map[n.id()] = b.copy(n, n.inputs().stream().map(i -> map[i]).toList());
                continue;
            }
            int whole = stacked.computeIfAbsent(group, g -> b.matVec(stack(g), map[g.get(0).in(0)]));
            map[n.id()] = b.slice(whole, offsetOf(group, n), n.size());
        }
        List<StepGraph.StateSlot> states = forward.states().stream()
                .map(s -> new StepGraph.StateSlot(s.name(), s.maxLag(), s.size(), map[s.node()])).toList();
        Map<String, Integer> values = new HashMap<>();
        forward.values().forEach((name, id) -> values.put(name, map[id]));
        return new StepGraph(forward.cell(), b.nodes(), states, map[forward.output()], Map.copyOf(values));
    }

    private static Matrix stack(List<Node> group) {
        return new Matrix(group.stream().map(n -> n.matrix().blocks().get(0)).toList(), false);
    }

    private static Size offsetOf(List<Node> group, Node member) {
        Size offset = Size.of(0);
        for (Node n : group) {
            if (n == member) {
                return offset;
            }
            offset = offset.plus(n.size());
        }
        throw new IllegalArgumentException("not a member of the group");
    }
}
