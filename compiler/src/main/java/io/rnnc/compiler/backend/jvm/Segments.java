package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * A region split into what one generated loop can do: runs of elementwise nodes of one width
 * (fused into a single loop over the row), and whole-vector nodes (reductions, softmax,
 * concatenation, copies), each on its own.
 */
public final class Segments {
    private Segments() {
    }

    /**
     * One part of a region.
     *
     * @param nodes the nodes, in order
     * @param width the loop's length for elementwise runs; 0 for a whole-vector node
     */
    public record Segment(List<Integer> nodes, int width) {
        /** True for a run of elementwise nodes, false for one whole-vector node. */
        public boolean elementwise() {
            return width > 0;
        }
    }

    /** True for a unary, binary or broadcast node. */
    public static boolean isElementwise(Node n) {
        return n.op().kind() == Op.Kind.UNARY || n.op().kind() == Op.Kind.BINARY || n.op() == Op.BROADCAST;
    }

    /** Elements of a node's value (1 for a scalar). */
    public static int width(Node n, Map<String, Integer> sizes) {
        return n.isScalar() ? 1 : n.size().evaluate(sizes);
    }

    /**
     * The region's nodes cut into elementwise runs of one width and single whole-vector nodes.
     * A run is also cut where its code would pass {@link CodeBudget#BYTES} ({@link RunCuts}), so
     * that each run fits one generated method (values read across the cut are then stored, as
     * across any other). Slices compute nothing (a slice is a view of its operand's storage) and
     * are left out.
     */
    public static List<Segment> split(List<Integer> region, List<Node> nodes, Map<String, Integer> sizes) {
        int[] readers = new int[nodes.size()];
        for (Node n : nodes) {
            n.inputs().forEach(in -> readers[in]++);
        }
        List<Segment> out = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        int runWidth = -1;
        for (int id : fusedOrder(region, nodes, sizes)) {
            Node n = nodes.get(id);
            if (n.op() == Op.SLICE) {
                continue;
            }
            boolean elementwise = isElementwise(n);
            if (!run.isEmpty() && (!elementwise || width(n, sizes) != runWidth)) {
                addRun(run, runWidth, nodes, readers, out);
                run = new ArrayList<>();
            }
            if (elementwise) {
                run.add(id);
                runWidth = width(n, sizes);
            } else {
                out.add(new Segment(List.of(id), 0));
            }
        }
        if (!run.isEmpty()) {
            addRun(run, runWidth, nodes, readers, out);
        }
        return out;
    }

    /**
     * The region's nodes in an order that makes elementwise runs as long as the data allow: a
     * node is placed once every node of the region it reads is; among those ready, an
     * elementwise node of the current run's width comes first (the run goes on), then a slice or
     * a whole-vector node (each a segment of its own, which may make more of the run's nodes
     * ready), then the lowest-numbered. A region in plain graph order alternates short runs with
     * the reductions they feed (a layer-normalised LSTM's first backward loop: 33 segments, where
     * this order gives it 22), and each cut stores the values read across it and loads them again.
     * Each node computes the same value in any order, so the results keep their bits.
     */
    static List<Integer> fusedOrder(List<Integer> region, List<Node> nodes, Map<String, Integer> sizes) {
        Map<Integer, Integer> waiting = new HashMap<>();
        Map<Integer, List<Integer>> users = new HashMap<>();
        for (int id : region) {
            waiting.put(id, 0);
        }
        SortedSet<Integer> ready = new TreeSet<>();
        for (int id : region) {
            for (int in : new HashSet<>(nodes.get(id).inputs())) {
                if (waiting.containsKey(in)) {
                    waiting.merge(id, 1, Integer::sum);
                    users.computeIfAbsent(in, k -> new ArrayList<>()).add(id);
                }
            }
            if (waiting.get(id) == 0) {
                ready.add(id);
            }
        }
        List<Integer> order = new ArrayList<>(region.size());
        int runWidth = -1;
        while (!ready.isEmpty()) {
            int next = pick(ready, runWidth, nodes, sizes);
            ready.remove(next);
            order.add(next);
            Node n = nodes.get(next);
            if (n.op() != Op.SLICE) {
                runWidth = isElementwise(n) ? width(n, sizes) : -1;
            }
            for (int user : users.getOrDefault(next, List.of())) {
                if (waiting.merge(user, -1, Integer::sum) == 0) {
                    ready.add(user);
                }
            }
        }
        return order;
    }

    /** The ready node to place next: see {@link #fusedOrder}. */
    private static int pick(SortedSet<Integer> ready, int runWidth, List<Node> nodes, Map<String, Integer> sizes) {
        for (int id : ready) {
            Node n = nodes.get(id);
            if (isElementwise(n) && width(n, sizes) == runWidth) {
                return id;
            }
        }
        for (int id : ready) {
            if (!isElementwise(nodes.get(id))) {
                return id;
            }
        }
        return ready.first();
    }

    private static void addRun(List<Integer> run, int width, List<Node> nodes, int[] readers, List<Segment> into) {
        for (List<Integer> piece : RunCuts.cut(run, nodes, readers)) {
            into.add(new Segment(piece, width));
        }
    }

    /**
     * The buffers a region's code touches: those of its nodes and of their inputs (a broadcast
     * reads its operand's buffer), in order, so a generator can load each once per call.
     */
    public static SortedSet<Integer> buffers(List<Node> nodes, IntFunction<Slot> slots, List<Integer> region) {
        SortedSet<Integer> out = new TreeSet<>();
        for (int id : region) {
            addBuffers(nodes, slots, id, out);
            for (int in : nodes.get(id).inputs()) {
                addBuffers(nodes, slots, in, out);
            }
        }
        return out;
    }

    private static void addBuffers(List<Node> nodes, IntFunction<Slot> slots, int id, SortedSet<Integer> into) {
        Node n = nodes.get(id);
        if (n.op() == Op.BROADCAST) {
            addBuffers(nodes, slots, n.in(0), into);
        }
        Slot s = slots.apply(id);
        if (s != null) {
            into.add(s.buffer());
        }
    }
}
