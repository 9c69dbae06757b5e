package io.rnnc.compiler.schedule;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds the {@link Schedule} of a grouped program. A node's level is how many matrix
 * products stand between it and the step's inputs; products of one level run together
 * between two fused regions. Products of the input alone, and what the forward pass keeps of
 * the input alone, are hoisted out of the time loop.
 */
public final class Scheduler {
    private final CellProgram program;
    private final List<Node> nodes;
    private final int forwardCount;

    private Scheduler(CellProgram program) {
        this.program = program;
        this.nodes = program.backward().nodes();
        this.forwardCount = program.forward().nodes().size();
    }

    /** The schedule of {@code program} (which should be {@link CellProgram#grouped grouped}). */
    public static Schedule of(CellProgram program) {
        return new Scheduler(program).build();
    }

    private Schedule build() {
        BitSet loop = loopNodes();
        BitSet deferredNodes = new BitSet();
        if (program.backward().inputGrad() >= forwardCount) {
            markComputed(program.backward().inputGrad(), deferredNodes, forwardCount);
        }
        for (BackwardGraph.ParamGrad g : program.backward().paramGrads()) {
            markComputed(delta(g), deferredNodes, forwardCount);
        }
        deferredNodes.andNot(loop);
        Set<Integer> savedForward = savedForward(deferredNodes, loop);
        BitSet hoisted = hoisted(savedForward);
        List<Schedule.Stage> hoist = stages(0, forwardCount, new BitSet(), hoisted);
        List<Schedule.Stage> forward = stages(0, forwardCount, hoisted, all(0, forwardCount));
        List<Schedule.Stage> backward = stages(forwardCount, nodes.size(), new BitSet(), loop);
        List<Schedule.Stage> deferred = stages(forwardCount, nodes.size(), loop, deferredNodes);
        return new Schedule(program, hoist, forward, backward, deferred, savedForward,
                savedBackward(loop, deferredNodes));
    }

    /**
     * Forward nodes computed before the loop over all steps: products of the input alone, and
     * elementwise functions of the input alone that the forward pass keeps for every step anyway
     * (a gate of the input, tanh(x_t)), which then cost the loop a read instead of their math.
     */
    private BitSet hoisted(Set<Integer> savedForward) {
        BitSet inputOnly = inputOnly();
        BitSet hoisted = new BitSet();
        for (int id = 0; id < forwardCount; id++) {
            Node n = nodes.get(id);
            boolean product = n.op() == Op.MATVEC && inputOnly.get(n.in(0));
            boolean kept = inputOnly.get(id) && savedForward.contains(id) && n.op() != Op.SLICE;
            if (product || kept) {
                markComputed(id, hoisted, 0);
            }
        }
        return hoisted;
    }

    /** Nodes that depend on nothing but the input, parameters and constants. */
    private BitSet inputOnly() {
        BitSet out = new BitSet();
        for (int id = 0; id < forwardCount; id++) {
            Node n = nodes.get(id);
            boolean only = switch (n.op()) {
                case INPUT, PARAM, CONST, SIZE -> true;
                case STATE, MASK -> false;
                default -> n.inputs().stream().allMatch(out::get);
            };
            out.set(id, only);
        }
        return out;
    }

    /** Marks {@code id} and its non-leaf ancestors at or above {@code from} as computed in {@code into}. */
    private void markComputed(int id, BitSet into, int from) {
        Node n = nodes.get(id);
        if (id < from || into.get(id) || n.op().kind() == Op.Kind.LEAF) {
            return;
        }
        into.set(id);
        n.inputs().forEach(i -> markComputed(i, into, from));
    }

    /**
     * Backward nodes the time loop must compute: what the earlier steps' state gradients need.
     * What only a parameter's gradient needs (a diagonal weight's {@code δ ⊙ h_{t-1}}, a gain's
     * {@code δ ⊙ n̂}) is computed after the loop, a chunk of steps at a time beside it, like the
     * input gradient: the loop, which one thread runs step after step, does less.
     */
    private BitSet loopNodes() {
        BitSet loop = new BitSet();
        program.backward().stateGrads().values().forEach(id -> markComputed(id, loop, forwardCount));
        return loop;
    }

    private static int delta(BackwardGraph.ParamGrad g) {
        return g instanceof BackwardGraph.ParamGrad.Direct d ? d.delta() : ((BackwardGraph.ParamGrad.Outer) g).delta();
    }

    private static BitSet all(int from, int to) {
        BitSet b = new BitSet();
        b.set(from, to);
        return b;
    }

    /**
     * Stages over the nodes in {@code members} (ids in [from, to)); nodes in {@code available}
     * and nodes outside [from, to) are ready at level 0.
     */
    private List<Schedule.Stage> stages(int from, int to, BitSet available, BitSet members) {
        int[] level = new int[nodes.size()];
        int max = 0;
        for (int id = from; id < to; id++) {
            Node n = nodes.get(id);
            if (!members.get(id) || available.get(id) || n.op().kind() == Op.Kind.LEAF) {
                continue;
            }
            int l = 0;
            for (int in : n.inputs()) {
                l = Math.max(l, in >= from && members.get(in) && !available.get(in) ? level[in] : 0);
            }
            level[id] = n.op() == Op.MATVEC ? l + 1 : l;
            max = Math.max(max, level[id]);
        }
        sink(from, to, available, members, level, max);
        List<Schedule.Stage> stages = new ArrayList<>();
        for (int k = 0; k <= max; k++) {
            List<Integer> gemms = new ArrayList<>();
            List<Integer> region = new ArrayList<>();
            for (int id = from; id < to; id++) {
                Node n = nodes.get(id);
                if (!members.get(id) || available.get(id) || n.op().kind() == Op.Kind.LEAF || level[id] != k) {
                    continue;
                }
                (n.op() == Op.MATVEC ? gemms : region).add(id);
            }
            if (!gemms.isEmpty() || !region.isEmpty()) {
                stages.add(new Schedule.Stage(gemms, new Schedule.Region(region)));
            }
        }
        return stages;
    }

    /**
     * Moves elementwise nodes to the latest region that still comes before everything that
     * reads them, so that regions merge: work a GEMM does not wait for runs in the same loop
     * as the work after it (an LSTM's step becomes one GEMM and one fused loop).
     */
    private void sink(int from, int to, BitSet available, BitSet members, int[] level, int max) {
        for (int id = to - 1; id >= from; id--) {
            Node n = nodes.get(id);
            if (!members.get(id) || available.get(id) || n.op().kind() == Op.Kind.LEAF || n.op() == Op.MATVEC) {
                continue;
            }
            int latest = max;
            for (int user = id + 1; user < to; user++) {
                Node u = nodes.get(user);
                if (members.get(user) && !available.get(user) && u.inputs().contains(id)) {
                    latest = Math.min(latest, u.op() == Op.MATVEC ? level[user] - 1 : level[user]);
                }
            }
            level[id] = Math.max(level[id], latest);
        }
    }

    /** Forward nodes read after their step: by the backward pass or by the weight gradients. */
    private Set<Integer> savedForward(BitSet deferredNodes, BitSet loop) {
        Set<Integer> saved = new TreeSet<>();
        BitSet backwardNodes = (BitSet) loop.clone();
        backwardNodes.or(deferredNodes);
        backwardNodes.stream().forEach(id -> nodes.get(id).inputs().stream()
                .filter(i -> i < forwardCount).forEach(saved::add));
        for (BackwardGraph.ParamGrad g : program.backward().paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Outer o) {
                saved.add(o.operand());
            }
        }
        program.forward().states().forEach(s -> saved.add(s.node()));
        saved.add(program.forward().output());
        saved.removeIf(id -> nodes.get(id).op().kind() == Op.Kind.LEAF);
        return saved;
    }

    /** Backward loop nodes read after the loop: deltas of the weight gradients, inputs of the deferred nodes. */
    private Set<Integer> savedBackward(BitSet loop, BitSet deferredNodes) {
        Set<Integer> saved = new LinkedHashSet<>();
        program.backward().paramGrads().forEach(g -> saved.add(delta(g)));
        deferredNodes.stream().forEach(id -> nodes.get(id).inputs().stream().filter(loop::get).forEach(saved::add));
        if (loop.get(Math.max(program.backward().inputGrad(), 0))) {
            saved.add(program.backward().inputGrad());
        }
        // A broadcast is read as its operand (a scalar per row): the operand is what must be kept.
        for (int id : List.copyOf(saved)) {
            for (int at = id; nodes.get(at).op() == Op.BROADCAST; at = nodes.get(at).in(0)) {
                saved.add(nodes.get(at).in(0));
            }
        }
        saved.removeIf(id -> id < forwardCount || nodes.get(id).op().kind() == Op.Kind.LEAF);
        return new TreeSet<>(saved);
    }
}
