package io.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.layer.Activation;
import io.rnnc.runtime.layer.Dense;
import io.rnnc.runtime.layer.DropoutMasks;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A batch's loss and gradients are its parts' weighted by {@link Losses#divisor}: what data-parallel training sums. */
class LossesTest {
    private static final int T = 4;
    private static final int B = 5;
    private static final int X = 3;
    private static final int Y = 2;
    private static final int[] LENGTHS = {4, 2, 3, 1, 4};

    @Test
    void classesPerStepWithSkippedPositionsSplitExactly() {
        Random r = new Random(1);
        int[][] ids = new int[T][B];
        for (int[] row : ids) {
            for (int b = 0; b < B; b++) {
                row[b] = r.nextInt(3) - 1;
            }
        }
        for (Reduction reduction : Reduction.values()) {
            assertSplitAgrees(Model.Head.SOFTMAX, null, new Targets.StepClasses(ids), reduction);
        }
    }

    @Test
    void valuesPerStepSplitExactly() {
        for (Reduction reduction : Reduction.values()) {
            assertSplitAgrees(Model.Head.LINEAR, null, new Targets.StepValues(values(new Random(2), T, B, Y)), reduction);
        }
    }

    @Test
    void oneAnswerPerSequenceSplitsExactly() {
        assertSplitAgrees(Model.Head.SOFTMAX, Pooling.LAST, new Targets.SequenceClasses(new int[] {0, 1, 1, 0, 1}),
                Reduction.MEAN);
        assertSplitAgrees(Model.Head.SIGMOID, Pooling.MEAN,
                new Targets.SequenceValues(values(new Random(3), 1, B, Y)[0]), Reduction.MEAN);
    }

    /** Samples 0-1 and 2-4 as two parts, weighted by their divisors, against the whole batch. */
    private static void assertSplitAgrees(Model.Head head, Pooling pooling, Targets targets, Reduction reduction) {
        Model model = new Model(List.of(), pooling, new Dense(X, Y, Activation.IDENTITY, new Random(4)), head, new DropoutMasks());
        double[][][] x = values(new Random(5), T, B, X);
        Batch whole = new Batch(x, LENGTHS, targets);
        Learner.Gradients all = model.gradients(whole, States.zero(), reduction);
        Batch first = part(whole, 0, 2);
        Batch second = part(whole, 2, B);
        double w1 = Losses.divisor(first, reduction);
        double w2 = Losses.divisor(second, reduction);
        assertEquals(Losses.divisor(whole, reduction), w1 + w2, 0);
        Learner.Gradients g1 = model.gradients(first, States.zero(), reduction);
        Learner.Gradients g2 = model.gradients(second, States.zero(), reduction);
        assertEquals(all.loss(), (g1.loss() * w1 + g2.loss() * w2) / (w1 + w2), 1e-12);
        for (Map.Entry<String, Tensor> e : all.grads().entrySet()) {
            double[] a = e.getValue().data();
            double[] p1 = g1.grads().get(e.getKey()).data();
            double[] p2 = g2.grads().get(e.getKey()).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], (p1[i] * w1 + p2[i] * w2) / (w1 + w2), 1e-12, e.getKey() + "[" + i + "]");
            }
        }
    }

    private static Batch part(Batch b, int from, int to) {
        double[][][] x = new double[T][][];
        for (int t = 0; t < T; t++) {
            x[t] = java.util.Arrays.copyOfRange(b.x()[t], from, to);
        }
        int[] lengths = java.util.Arrays.copyOfRange(b.lengths(), from, to);
        Targets part;
        if (b.targets() instanceof Targets.StepClasses c) {
            int[][] ids = new int[T][];
            for (int t = 0; t < T; t++) {
                ids[t] = java.util.Arrays.copyOfRange(c.ids()[t], from, to);
            }
            part = new Targets.StepClasses(ids);
        } else if (b.targets() instanceof Targets.StepValues v) {
            double[][][] y = new double[T][][];
            for (int t = 0; t < T; t++) {
                y[t] = java.util.Arrays.copyOfRange(v.values()[t], from, to);
            }
            part = new Targets.StepValues(y);
        } else if (b.targets() instanceof Targets.SequenceClasses c) {
            part = new Targets.SequenceClasses(java.util.Arrays.copyOfRange(c.ids(), from, to));
        } else {
            part = new Targets.SequenceValues(java.util.Arrays.copyOfRange(((Targets.SequenceValues) b.targets()).values(), from, to));
        }
        return new Batch(x, lengths, part);
    }

    private static double[][][] values(Random r, int steps, int samples, int features) {
        double[][][] v = new double[steps][samples][features];
        for (double[][] step : v) {
            for (double[] row : step) {
                for (int i = 0; i < features; i++) {
                    row[i] = r.nextDouble();
                }
            }
        }
        return v;
    }
}
