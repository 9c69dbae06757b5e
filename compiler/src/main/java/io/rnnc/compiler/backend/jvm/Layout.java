package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.ir.StepGraph;
import io.rnnc.compiler.schedule.Schedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where every node of a scheduled cell lives while it runs (for both compiled backends). Arrays hold rows of width w for
 * each batch sample: a sequence array holds T steps of B rows (plus, for a state, the lag
 * steps before the first, which hold the initial value), a scratch array holds one step.
 * Nodes read only inside their own fused loop get no array at all. A buffer is an array seen
 * from a time shift (a state read at t-2 is its history array shifted by 2).
 */
public final class Layout {
    /** Kinds of array. */
    public enum ArrayKind {
        /** A parameter vector (or scalar), shared by every row. */
        PARAM,
        /** T steps of B rows, after {@code before} steps of history. */
        SEQUENCE,
        /** One step of B rows. */
        SCRATCH
    }

    /**
     * One array of a running layer.
     *
     * @param kind how it is sized
     * @param width elements per row
     * @param before steps held before the first (state histories)
     * @param name the parameter's name for a PARAM array, for debugging otherwise
     */
    public record ArraySpec(ArrayKind kind, int width, int before, String name) {
    }

    /** One buffer: an array seen {@code shift} steps back. */
    public record Buffer(int array, int shift) {
    }

    public final List<ArraySpec> arrays = new ArrayList<>();
    public final List<Buffer> buffers = new ArrayList<>();
    final Map<Integer, Slot> slots = new HashMap<>();
    /** The array holding each state's history, and the gradient flowing into it. */
    public final Map<String, Integer> stateArray = new HashMap<>();
    public final Map<String, Integer> stateGradArray = new HashMap<>();
    /** The array holding each masked state's dropout mask, one row per sample. */
    public final Map<String, Integer> maskArray = new HashMap<>();
    public int inputArray = -1;
    public int seedOutputArray = -1;
    /**
     * The state reads whose gradient node is stored straight into its state's gradient history
     * (at the step it flows to), so the time loop adds nothing: a state read at one lag, whose
     * gradient node nothing else reads. Every step writes its rows there, so only the steps no
     * step writes need clearing before a backward pass ({@link #unwrittenGradSteps}).
     */
    public final Set<BackwardGraph.StateRead> storedInPlace = new HashSet<>();

    private final Schedule schedule;
    private final List<Node> nodes;
    private final Map<String, Integer> sizes;
    private final int forwardCount;
    private final Map<Integer, Integer> segmentOf = new HashMap<>();
    private final Map<Buffer, Integer> bufferIndex = new HashMap<>();

    private Layout(Schedule schedule, Map<String, Integer> sizes) {
        this.schedule = schedule;
        this.nodes = schedule.program().backward().nodes();
        this.sizes = sizes;
        this.forwardCount = schedule.program().forward().nodes().size();
    }

    /**
     * The layout of {@code schedule} for these sizes; with {@code gradsInPlace}, the gradients
     * of the state reads that can be are {@link #storedInPlace} (the JVM layer's time loop; the
     * OpenCL layer adds every one in a pass of its own).
     */
    public static Layout of(Schedule schedule, Map<String, Integer> sizes, boolean gradsInPlace) {
        Layout l = new Layout(schedule, sizes);
        l.build(gradsInPlace);
        return l;
    }

    private void build(boolean gradsInPlace) {
        numberSegments();
        Set<Integer> stored = storedNodes();
        StepGraph forward = schedule.program().forward();
        for (StepGraph.StateSlot s : forward.states()) {
            stateArray.put(s.name(), array(ArrayKind.SEQUENCE, width(s.node()), s.maxLag(), s.name()));
            stateGradArray.put(s.name(), array(ArrayKind.SEQUENCE, width(s.node()), s.maxLag(), "δ" + s.name()));
            slots.put(s.node(), slot(stateArray.get(s.name()), 0, width(s.node())));
        }
        Set<Integer> wholeSequence = new HashSet<>();
        for (List<Schedule.Stage> phase : List.of(schedule.hoist(), schedule.deferred())) {
            phase.forEach(st -> {
                wholeSequence.addAll(st.gemms());
                wholeSequence.addAll(st.region().nodes());
            });
        }
        Set<Integer> kept = keptForEveryStep();
        if (gradsInPlace) {
            inPlaceStateGrads().forEach((read, id) -> {
                storedInPlace.add(read);
                slots.put(id, slot(stateGradArray.get(read.state()), read.lag(), width(id)));
            });
        }
        for (Node n : nodes) {
            if (slots.containsKey(n.id()) || n.op() == Op.SLICE) {
                continue;
            }
            Slot s = leafSlot(n);
            if (s == null && stored.contains(n.id())) {
                boolean sequence = wholeSequence.contains(n.id()) || kept.contains(n.id());
                s = slot(array(sequence ? ArrayKind.SEQUENCE : ArrayKind.SCRATCH, width(n.id()), 0, "n" + n.id()), 0,
                        width(n.id()));
            }
            if (s != null) {
                slots.put(n.id(), s);
            }
        }
        for (Node n : nodes) {
            if (n.op() == Op.SLICE) {
                slots.put(n.id(), sliceSlot(n));
            }
        }
    }

    /** The state reads whose gradient can be stored in place (see {@link #storedInPlace}), with their gradient nodes. */
    private Map<BackwardGraph.StateRead, Integer> inPlaceStateGrads() {
        BackwardGraph b = schedule.program().backward();
        Set<Integer> readElsewhere = new HashSet<>();
        nodes.forEach(n -> readElsewhere.addAll(n.inputs()));
        readElsewhere.add(b.inputGrad());
        for (BackwardGraph.ParamGrad g : b.paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Direct d) {
                readElsewhere.add(d.delta());
            } else {
                readElsewhere.add(((BackwardGraph.ParamGrad.Outer) g).delta());
            }
        }
        Map<String, Integer> readsOfState = new HashMap<>();
        Map<Integer, Integer> readsOfNode = new HashMap<>();
        b.stateGrads().forEach((read, id) -> {
            readsOfState.merge(read.state(), 1, Integer::sum);
            readsOfNode.merge(id, 1, Integer::sum);
        });
        Map<BackwardGraph.StateRead, Integer> out = new HashMap<>();
        b.stateGrads().forEach((read, id) -> {
            Node n = nodes.get(id);
            boolean computed = id >= forwardCount && n.op().kind() != Op.Kind.LEAF && n.op() != Op.SLICE
                    && n.op() != Op.BROADCAST && !n.isScalar();
            if (computed && readsOfState.get(read.state()) == 1 && readsOfNode.get(id) == 1 && !readElsewhere.contains(id)
                    && !slots.containsKey(id)) {
                out.put(read, id);
            }
        });
        return out;
    }

    /**
     * The steps of a state's gradient history that no step of the backward pass writes in place,
     * as {@code [from, to)} counted from the first step before t = 0: all of them unless its
     * gradient is {@link #storedInPlace}.
     */
    public int[][] unwrittenGradSteps(StepGraph.StateSlot state, int steps) {
        int all = state.maxLag() + steps;
        for (BackwardGraph.StateRead read : storedInPlace) {
            if (read.state().equals(state.name())) {
                int first = state.maxLag() - read.lag();
                return new int[][] {{0, first}, {first + steps, all}};
            }
        }
        return new int[][] {{0, all}};
    }

    /** Nodes kept for every step; a slice is kept by keeping what it is a slice of. */
    private Set<Integer> keptForEveryStep() {
        Set<Integer> kept = new HashSet<>(schedule.savedForward());
        kept.addAll(schedule.savedBackward());
        for (int id = nodes.size() - 1; id >= 0; id--) {
            if (kept.contains(id) && nodes.get(id).op() == Op.SLICE) {
                kept.add(nodes.get(id).in(0));
            }
        }
        return kept;
    }

    private Slot sliceSlot(Node n) {
        Slot whole = slots.containsKey(n.in(0)) ? slots.get(n.in(0)) : sliceSlot(nodes.get(n.in(0)));
        return whole.shifted(n.offset().evaluate(sizes));
    }

    private Slot leafSlot(Node n) {
        return switch (n.op()) {
            case INPUT -> {
                if (inputArray < 0) {
                    inputArray = array(ArrayKind.SEQUENCE, width(n.id()), 0, "x");
                }
                yield slot(inputArray, 0, width(n.id()));
            }
            case STATE -> slot(stateArray.get(n.name()), n.lag(), width(n.id()));
            case MASK -> slot(maskArray.computeIfAbsent(n.name(),
                    s -> array(ArrayKind.SCRATCH, width(n.id()), 0, "mask " + s)), 0, width(n.id()));
            case PARAM -> new Slot(buffer(array(ArrayKind.PARAM, width(n.id()), 0, n.name()), 0), 0, 0);
            case SEED_STATE -> slot(stateGradArray.get(n.name()), 0, width(n.id()));
            case SEED_OUTPUT -> {
                seedOutputArray = array(ArrayKind.SEQUENCE, width(n.id()), 0, "dy");
                yield slot(seedOutputArray, 0, width(n.id()));
            }
            default -> null;
        };
    }

    private int width(int id) {
        Node n = nodes.get(id);
        return n.isScalar() ? 1 : n.size().evaluate(sizes);
    }

    private int array(ArrayKind kind, int width, int before, String name) {
        arrays.add(new ArraySpec(kind, width, before, name));
        return arrays.size() - 1;
    }

    private Slot slot(int array, int shift, int width) {
        return new Slot(buffer(array, shift), arrays.get(array).kind() == ArrayKind.PARAM ? 0 : width, 0);
    }

    private int buffer(int array, int shift) {
        return bufferIndex.computeIfAbsent(new Buffer(array, shift), b -> {
            buffers.add(b);
            return buffers.size() - 1;
        });
    }

    /** Gives every node of every elementwise run the number of its run. */
    private void numberSegments() {
        int counter = 0;
        List<Schedule.Region> regions = new ArrayList<>();
        schedule.hoist().forEach(s -> regions.add(s.region()));
        schedule.forward().forEach(s -> regions.add(s.region()));
        schedule.backward().forEach(s -> regions.add(s.region()));
        schedule.deferred().forEach(s -> regions.add(s.region()));
        for (Schedule.Region r : regions) {
            for (Segments.Segment s : Segments.split(r.nodes(), nodes, sizes)) {
                counter++;
                for (int id : s.nodes()) {
                    segmentOf.put(id, s.elementwise() ? counter : -counter);
                }
            }
        }
    }

    /** Nodes that need an array: read outside their own loop, or by the engine. */
    private Set<Integer> storedNodes() {
        Set<Integer> stored = new HashSet<>(schedule.savedForward());
        stored.addAll(schedule.savedBackward());
        BackwardGraph b = schedule.program().backward();
        stored.addAll(b.stateGrads().values());
        if (b.inputGrad() >= 0) {
            stored.add(b.inputGrad());
        }
        for (BackwardGraph.ParamGrad g : b.paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Direct d) {
                stored.add(d.delta());
            } else {
                BackwardGraph.ParamGrad.Outer o = (BackwardGraph.ParamGrad.Outer) g;
                stored.add(o.delta());
                stored.add(o.operand());
            }
        }
        stored.add(schedule.program().forward().output());
        for (Node n : nodes) {
            if (n.op() == Op.MATVEC) {
                stored.add(n.id());
                stored.add(n.in(0));
            }
            for (int in : n.inputs()) {
                Integer mine = segmentOf.get(in);
                if (n.op() == Op.SLICE || mine == null || mine < 0 || !mine.equals(segmentOf.get(n.id()))) {
                    stored.add(in);
                }
            }
        }
        stored.removeIf(id -> {
            Op op = nodes.get(id).op();
            return op == Op.CONST || op == Op.SIZE;
        });
        return stored;
    }

    /** The slot of a node, or null when it lives only in a local of its loop. */
    public Slot slot(int id) {
        Slot s = slots.get(id);
        if (s == null && nodes.get(id).op() == Op.SLICE) {
            return sliceSlot(nodes.get(id));
        }
        return s;
    }

    /** True for a forward node. */
    boolean isForward(int id) {
        return id < forwardCount;
    }
}
