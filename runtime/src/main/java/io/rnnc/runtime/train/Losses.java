package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.loss.BinaryCrossEntropy;
import io.rnnc.runtime.loss.MeanSquaredError;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.loss.SequenceLoss;
import io.rnnc.runtime.loss.SoftmaxCrossEntropy;
import io.rnnc.runtime.loss.StepLoss;

/** The loss that goes with each kind of head, applied to the kind of targets a batch has. */
public final class Losses {
    private Losses() {
    }

    /** A loss value and its gradient w.r.t. the model's per-step or per-sequence outputs. */
    public record Value(double value, double[][][] stepGradient, double[][] sequenceGradient) {
        static Value of(StepLoss l) {
            return new Value(l.value(), l.gradient(), null);
        }

        static Value of(SequenceLoss l) {
            return new Value(l.value(), null, l.gradient());
        }
    }

    /**
     * What the loss of {@code batch} is divided by: its counted terms under MEAN, its samples
     * under SUM, its samples × features for one vector per sequence. A batch's loss is its sum
     * over terms divided by this, so the loss of a batch split in parts is the sum of the parts'
     * losses weighted by their divisors, over the sum of the divisors (and so is its gradient):
     * what data-parallel training relies on.
     */
    public static double divisor(Batch batch, Reduction reduction) {
        int samples = batch.size();
        Targets t = batch.targets();
        if (t instanceof Targets.StepClasses c) {
            return reduction.divisor(countedClasses(c.ids(), batch.lengths()), samples);
        }
        if (t instanceof Targets.Decoded d) {
            return divisor(d.batch(), reduction);
        }
        if (t instanceof Targets.StepValues v) {
            return reduction.divisor(countedSteps(batch.lengths()) * features(v.values()), samples);
        }
        if (t instanceof Targets.SequenceValues v) {
            return samples == 0 ? 0 : (double) samples * v.values()[0].length;
        }
        return samples;
    }

    private static long countedClasses(int[][] ids, int[] lengths) {
        long counted = 0;
        for (int t = 0; t < ids.length; t++) {
            for (int b = 0; b < lengths.length; b++) {
                if (t < lengths[b] && ids[t][b] != SoftmaxCrossEntropy.SKIP) {
                    counted++;
                }
            }
        }
        return counted;
    }

    private static long countedSteps(int[] lengths) {
        long counted = 0;
        for (int length : lengths) {
            counted += length;
        }
        return counted;
    }

    private static int features(double[][][] values) {
        return values.length == 0 || values[0].length == 0 ? 0 : values[0][0].length;
    }

    static Value of(Model.Head head, Model.Output out, Batch batch, Reduction reduction) {
        Targets t = batch.targets();
        int[] lengths = batch.lengths();
        if (head == Model.Head.SOFTMAX && t instanceof Targets.StepClasses c) {
            return Value.of(SoftmaxCrossEntropy.perStep(out.steps(), c.ids(), lengths, reduction));
        }
        if (head == Model.Head.SOFTMAX && t instanceof Targets.SequenceClasses c) {
            return Value.of(SoftmaxCrossEntropy.perSequence(out.sequences(), c.ids()));
        }
        if (head == Model.Head.SIGMOID && t instanceof Targets.StepValues v) {
            return Value.of(BinaryCrossEntropy.perStep(out.steps(), v.values(), lengths, reduction));
        }
        if (head == Model.Head.SIGMOID && t instanceof Targets.SequenceValues v) {
            return Value.of(BinaryCrossEntropy.perSequence(out.sequences(), v.values()));
        }
        if (head == Model.Head.LINEAR && t instanceof Targets.StepValues v) {
            return Value.of(MeanSquaredError.perStep(out.steps(), v.values(), lengths, reduction));
        }
        if (head == Model.Head.LINEAR && t instanceof Targets.SequenceValues v) {
            return Value.of(MeanSquaredError.perSequence(out.sequences(), v.values()));
        }
        throw new IllegalArgumentException("a " + head.name().toLowerCase(java.util.Locale.ROOT)
                + " head cannot be trained on " + t.getClass().getSimpleName() + " targets");
    }
}
