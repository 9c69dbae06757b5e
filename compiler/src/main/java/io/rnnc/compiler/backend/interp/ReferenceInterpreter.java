package io.rnnc.compiler.backend.interp;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.backend.StepGraphLayer;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.ir.StepGraph;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The float64 reference interpreter: evaluates the step IR node by node, sample by sample,
 * keeping every forward value on a tape, then walks the steps backwards evaluating the
 * backward IR. Slow, simple, and the oracle every backend must agree with.
 */
public final class ReferenceInterpreter extends StepGraphLayer {
    private final BackwardGraph program;
    private final NodeEvaluator evaluator;
    private final boolean roundToFloat32;

    /**
     * @param program the cell's forward and backward step
     * @param sizes a value for H, X and every size parameter
     * @param params the parameters by the cell's names, with their shapes for these sizes
     */
    public ReferenceInterpreter(BackwardGraph program, Map<String, Integer> sizes, Map<String, Tensor> params) {
        this(program, sizes, params, false);
    }

    /**
     * The same, rounding every node's value to float32 when {@code roundToFloat32}: a model of
     * what float32 arithmetic can achieve on a cell, against which a float32 backend's error is
     * judged (a cell that cancels large values loses more than its inputs' rounding).
     */
    public ReferenceInterpreter(BackwardGraph program, Map<String, Integer> sizes, Map<String, Tensor> params,
                                boolean roundToFloat32) {
        super(program.forward(), sizes, params);
        this.program = program;
        this.evaluator = new NodeEvaluator(sizes);
        this.roundToFloat32 = roundToFloat32;
    }

    /** What the backward pass reads: every forward node's value at every step and sample. */
    private record Tape(double[][][][] values, int[] lengths, Map<String, double[][][]> states,
                        Map<String, double[][]> initial) {
    }

    @Override
    public Forward forward(double[][][] x, int[] lengths, Map<String, double[][]> initial) {
        int steps = x.length;
        int batch = lengths.length;
        Map<String, double[][]> init = initialStates(initial, batch);
        Map<String, double[][][]> states = new LinkedHashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            states.put(s.name(), new double[steps][batch][]);
        }
        double[][][][] tape = new double[steps][batch][][];
        double[][][] y = new double[steps][batch][];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                if (t >= lengths[b]) {
                    for (StepGraph.StateSlot s : forwardGraph.states()) {
                        states.get(s.name())[t][b] = stateAt(states, init, s.name(), b, t - 1);
                    }
                    y[t][b] = new double[outputSize()];
                    continue;
                }
                double[][] vals = new double[forwardGraph.nodes().size()][];
                int tt = t;
                int bb = b;
                evaluate(forwardGraph.nodes(), 0, vals, n -> forwardLeaf(n, x[tt][bb], states, init, bb, tt));
                tape[t][b] = vals;
                for (StepGraph.StateSlot s : forwardGraph.states()) {
                    states.get(s.name())[t][b] = vals[s.node()];
                }
                y[t][b] = vals[forwardGraph.output()];
            }
        }
        Map<String, double[][]> last = new LinkedHashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            double[][] finals = new double[batch][];
            for (int b = 0; b < batch; b++) {
                finals[b] = stateAt(states, init, s.name(), b, steps - 1);
            }
            last.put(s.name(), finals);
        }
        return new Forward(y, last, new Tape(tape, lengths.clone(), states, init));
    }

    private Map<String, double[][]> initialStates(Map<String, double[][]> given, int batch) {
        Map<String, double[][]> init = new HashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            double[][] v = given.get(s.name());
            init.put(s.name(), v != null ? v : new double[batch][s.size().evaluate(sizes)]);
        }
        return init;
    }

    /** A state's value after step t; before step 0 every step holds the initial value. */
    private static double[] stateAt(Map<String, double[][][]> states, Map<String, double[][]> init,
                                    String name, int b, int t) {
        return t < 0 ? init.get(name)[b] : states.get(name)[t][b];
    }

    private double[] forwardLeaf(Node n, double[] x, Map<String, double[][][]> states, Map<String, double[][]> init,
                                 int b, int t) {
        return switch (n.op()) {
            case INPUT -> x;
            case STATE -> stateAt(states, init, n.name(), b, t - n.lag());
            case MASK -> maskRow(n.name(), b);
            default -> commonLeaf(n);
        };
    }

    private double[] commonLeaf(Node n) {
        return switch (n.op()) {
            case PARAM -> params.get(n.name()).data();
            case CONST -> new double[] {n.value()};
            case SIZE -> new double[] {n.offset().evaluate(sizes)};
            default -> throw new IllegalStateException("unexpected leaf " + n.op());
        };
    }

    private void evaluate(List<Node> nodes, int from, double[][] vals, java.util.function.Function<Node, double[]> leaf) {
        for (int i = from; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            boolean isLeaf = n.op().kind() == io.rnnc.compiler.ir.Op.Kind.LEAF;
            vals[i] = isLeaf ? leaf.apply(n) : evaluator.eval(n, vals, params);
            if (roundToFloat32 && !isLeaf) {
                double[] v = vals[i];
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) v[k];
                }
            }
        }
    }

    @Override
    public Backward backward(Forward fwd, double[][][] dy, Map<String, double[][]> dFinal, Map<String, Tensor> paramGrads) {
        Tape tape = (Tape) fwd.saved();
        int steps = tape.values().length;
        int batch = tape.lengths().length;
        Map<String, double[][][]> dState = new LinkedHashMap<>();
        Map<String, double[][]> dInit = new LinkedHashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            int size = s.size().evaluate(sizes);
            double[][][] acc = new double[Math.max(steps, 1)][batch][size];
            double[][] fin = dFinal.get(s.name());
            if (fin != null && steps > 0) {
                for (int b = 0; b < batch; b++) {
                    add(acc[steps - 1][b], fin[b]);
                }
            }
            dState.put(s.name(), acc);
            dInit.put(s.name(), fin != null && steps == 0 ? copy(fin) : new double[batch][size]);
        }
        double[][][] dx = new double[steps][batch][inputSize()];
        int forwardCount = forwardGraph.nodes().size();
        List<Node> nodes = program.nodes();
        for (int t = steps - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                if (t >= tape.lengths()[b]) {
                    for (StepGraph.StateSlot s : forwardGraph.states()) {
                        double[] d = dState.get(s.name())[t][b];
                        add(t > 0 ? dState.get(s.name())[t - 1][b] : dInit.get(s.name())[b], d);
                    }
                    continue;
                }
                double[][] vals = java.util.Arrays.copyOf(tape.values()[t][b], nodes.size());
                int tt = t;
                int bb = b;
                evaluate(nodes, forwardCount, vals, n -> backwardLeaf(n, dy[tt][bb], dState, tt, bb));
                if (program.inputGrad() >= 0) {
                    add(dx[t][b], vals[program.inputGrad()]);
                }
                program.stateGrads().forEach((read, node) -> {
                    int at = tt - read.lag();
                    add(at >= 0 ? dState.get(read.state())[at][bb] : dInit.get(read.state())[bb], vals[node]);
                });
                accumulateParams(vals, paramGrads);
            }
        }
        return new Backward(dx, dInit);
    }

    private double[] backwardLeaf(Node n, double[] dy, Map<String, double[][][]> dState, int t, int b) {
        return switch (n.op()) {
            case SEED_OUTPUT -> dy;
            case SEED_STATE -> dState.get(n.name())[t][b];
            default -> commonLeaf(n);
        };
    }

    private void accumulateParams(double[][] vals, Map<String, Tensor> paramGrads) {
        params.forEach((name, p) -> paramGrads.computeIfAbsent(name, k -> Tensor.zeros(p.shape())));
        for (BackwardGraph.ParamGrad g : program.paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Direct d) {
                double[] v = vals[d.delta()];
                double[] into = paramGrads.get(d.param()).data();
                for (int i = 0; i < into.length; i++) {
                    into[i] += v[v.length == 1 ? 0 : i];
                }
            } else {
                BackwardGraph.ParamGrad.Outer o = (BackwardGraph.ParamGrad.Outer) g;
                evaluator.addOuter(o.matrix(), vals[o.delta()], vals[o.operand()], paramGrads);
            }
        }
    }

    private static void add(double[] into, double[] v) {
        for (int i = 0; i < into.length; i++) {
            into[i] += v[v.length == 1 ? 0 : i];
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
