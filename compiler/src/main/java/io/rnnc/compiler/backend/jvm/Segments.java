package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.ArrayList;
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

    /** The region's nodes cut into elementwise runs of one width and single whole-vector nodes. */
    public static List<Segment> split(List<Integer> region, List<Node> nodes, Map<String, Integer> sizes) {
        List<Segment> out = new ArrayList<>();
        List<Integer> run = new ArrayList<>();
        int runWidth = -1;
        for (int id : region) {
            Node n = nodes.get(id);
            if (isElementwise(n)) {
                int w = width(n, sizes);
                if (w != runWidth && !run.isEmpty()) {
                    out.add(new Segment(run, runWidth));
                    run = new ArrayList<>();
                }
                run.add(id);
                runWidth = w;
            } else {
                if (!run.isEmpty()) {
                    out.add(new Segment(run, runWidth));
                    run = new ArrayList<>();
                }
                out.add(new Segment(List.of(id), 0));
            }
        }
        if (!run.isEmpty()) {
            out.add(new Segment(run, runWidth));
        }
        return out;
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
