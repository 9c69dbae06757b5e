package io.rnnc.runtime.data;

import java.util.List;

/**
 * Sequences of feature vectors {@code [T][X]}, each with its target: a class or values for the
 * whole sequence, or for every step. Batches are padded to their longest sequence.
 */
public final class SequenceDataset implements ExampleSet {
    private final List<double[][]> inputs;
    private final List<?> targets;
    private final int inputSize;
    /** For translations: the target vocabulary V; the decoder reads V + 2 tokens, V being start and V + 1 end. */
    private final int targetVocabulary;

    private SequenceDataset(List<double[][]> inputs, List<?> targets) {
        this(inputs, targets, 0);
    }

    private SequenceDataset(List<double[][]> inputs, List<?> targets, int targetVocabulary) {
        this.targetVocabulary = targetVocabulary;
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one sequence");
        }
        if (inputs.size() != targets.size()) {
            throw new IllegalArgumentException(inputs.size() + " sequences but " + targets.size() + " targets");
        }
        this.inputSize = inputs.get(0)[0].length;
        for (double[][] x : inputs) {
            if (x.length == 0) {
                throw new IllegalArgumentException("a sequence needs at least one step");
            }
            for (double[] step : x) {
                if (step.length != inputSize) {
                    throw new IllegalArgumentException("every step needs " + inputSize + " features; one has " + step.length);
                }
            }
        }
        this.inputs = List.copyOf(inputs);
        this.targets = List.copyOf(targets);
    }

    /** One class id per sequence (many-to-one classification). */
    public static SequenceDataset sequenceClasses(List<double[][]> inputs, List<Integer> labels) {
        return new SequenceDataset(inputs, labels);
    }

    /** One value vector per sequence (many-to-one regression). */
    public static SequenceDataset sequenceValues(List<double[][]> inputs, List<double[]> values) {
        return new SequenceDataset(inputs, values);
    }

    /** A class id per step (tagging). */
    public static SequenceDataset stepClasses(List<double[][]> inputs, List<int[]> ids) {
        return new SequenceDataset(inputs, ids);
    }

    /** A value vector per step (sequence regression). */
    public static SequenceDataset stepValues(List<double[][]> inputs, List<double[][]> values) {
        return new SequenceDataset(inputs, values);
    }

    /**
     * Pairs of a source sequence and a target token sequence, for an encoder-decoder: the
     * decoder reads one-hot tokens of size V + 2, starting with token V, and must write the
     * target followed by token V + 1.
     *
     * @param vocabulary the number V of target tokens
     */
    public static SequenceDataset translations(List<double[][]> inputs, List<int[]> targets, int vocabulary) {
        return new SequenceDataset(inputs, targets, vocabulary);
    }

    /** Number of sequences. */
    @Override
    public int size() {
        return inputs.size();
    }

    /** Features per step. */
    public int inputSize() {
        return inputSize;
    }

    /** The sequences {@code from} (inclusive) to {@code to} (exclusive). */
    public SequenceDataset slice(int from, int to) {
        return new SequenceDataset(inputs.subList(from, to), targets.subList(from, to), targetVocabulary);
    }

    /** The padded batch of the sequences at {@code rows}, in that order. */
    @Override
    public Batch batch(int[] rows) {
        int steps = 0;
        int[] lengths = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            lengths[i] = inputs.get(rows[i]).length;
            steps = Math.max(steps, lengths[i]);
        }
        double[][][] x = new double[steps][rows.length][inputSize];
        for (int i = 0; i < rows.length; i++) {
            double[][] seq = inputs.get(rows[i]);
            for (int t = 0; t < seq.length; t++) {
                x[t][i] = seq[t].clone();
            }
        }
        return new Batch(x, lengths, targets(rows, steps));
    }

    private Targets targets(int[] rows, int steps) {
        if (targetVocabulary > 0) {
            return decoded(rows);
        }
        Object first = targets.get(0);
        if (first instanceof Integer) {
            int[] ids = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                ids[i] = (Integer) targets.get(rows[i]);
            }
            return new Targets.SequenceClasses(ids);
        }
        if (first instanceof double[]) {
            double[][] v = new double[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                v[i] = ((double[]) targets.get(rows[i])).clone();
            }
            return new Targets.SequenceValues(v);
        }
        if (first instanceof int[]) {
            int[][] ids = new int[steps][rows.length];
            for (int[] row : ids) {
                java.util.Arrays.fill(row, -1);
            }
            for (int i = 0; i < rows.length; i++) {
                int[] seq = (int[]) targets.get(rows[i]);
                for (int t = 0; t < seq.length; t++) {
                    ids[t][i] = seq[t];
                }
            }
            return new Targets.StepClasses(ids);
        }
        int width = ((double[][]) first)[0].length;
        double[][][] v = new double[steps][rows.length][width];
        for (int i = 0; i < rows.length; i++) {
            double[][] seq = (double[][]) targets.get(rows[i]);
            for (int t = 0; t < seq.length; t++) {
                v[t][i] = seq[t].clone();
            }
        }
        return new Targets.StepValues(v);
    }

    /** Teacher forcing: the decoder reads start, t₀, t₁, … and must write t₀, t₁, …, end. */
    private Targets decoded(int[] rows) {
        int start = targetVocabulary;
        int end = targetVocabulary + 1;
        int steps = 0;
        for (int row : rows) {
            steps = Math.max(steps, ((int[]) targets.get(row)).length + 1);
        }
        double[][][] in = new double[steps][rows.length][targetVocabulary + 2];
        int[][] ids = new int[steps][rows.length];
        int[] lengths = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int[] target = (int[]) targets.get(rows[i]);
            lengths[i] = target.length + 1;
            for (int t = 0; t < steps; t++) {
                ids[t][i] = t < target.length ? target[t] : t == target.length ? end : -1;
                if (t < lengths[i]) {
                    in[t][i][t == 0 ? start : target[t - 1]] = 1;
                }
            }
        }
        return new Targets.Decoded(in, lengths, ids);
    }
}
