package io.rnnc.compiler.model;

import com.google.gson.Gson;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.train.Trainer;
import java.util.List;

/**
 * Everything that defines a training run, in one record: the cell, the data and how it is
 * read and split, the model's architecture, and the training recipe. A checkpoint keeps it, so
 * that a resumed run is the same run and a report can say what was trained; the trainer's
 * settings are derived from it.
 *
 * @param cell the cell as it was named ({@code stdlib:gru}, {@code cells.rnn:GRU}), or null
 *     when not known (a model of a cell from a file, saved through the Java API)
 * @param data the data and how it is read, or null when not known
 * @param model the architecture
 * @param training the optimizer, schedule, batches and length, or null when not known
 */
public record RunConfig(String cell, Data data, ModelSpec model, Training training) {
    public RunConfig {
        if (model == null) {
            throw new IllegalArgumentException("a run configuration needs a model");
        }
    }

    /**
     * A model alone, as the Java API saves one: no recorded data or training recipe.
     *
     * @param cell the cell's name ({@code stdlib:gru}), or null where it is not known
     */
    public static RunConfig of(String cell, ModelSpec model) {
        return new RunConfig(cell, null, model, null);
    }

    /**
     * The data a run learns from.
     *
     * @param task what is learned: lm, classify, regress or seq2seq
     * @param file the training data file
     * @param level char or word tokens for text
     * @param target the column a regression predicts, or null for the last
     * @param header whether the files' first lines are headers rather than examples: yes, no or auto
     * @param split the fraction of the file held out for evaluation when there is no {@code valid} file
     * @param valid the held-out data file, or null to hold out part of {@code file}
     * @param frames the shape of each frame ({@code HxWxC}) where the data is image sequences, else null
     * @param columns a series' input columns, or null for every column but the time axis
     * @param stride rows between the starts of a series' training windows (0: the window's
     *     length, windows that do not overlap, as runs saved before the option was)
     * @param horizon a series' steps forecast ahead, 1 or more
     * @param inputs how the sequences of a TSV file are read: auto, text or numbers
     */
    public record Data(String task, String file, String level, String target, String header, double split,
                       String valid, String frames, List<String> columns, int stride, int horizon, String inputs) {
        public Data {
            columns = columns == null ? null : List.copyOf(columns);
            // A run saved before these settings existed read its data this way.
            horizon = horizon == 0 ? 1 : horizon;
            inputs = inputs == null ? "auto" : inputs;
        }

        /** The tasks there are, as `--task` names them. */
        public static final List<String> TASKS = List.of("lm", "classify", "regress", "value", "tag", "seq2seq");

        /** Whether every setting that has no default is there, the task one there is (a damaged checkpoint can lack one). */
        boolean complete() {
            return TASKS.contains(task) && level != null && header != null;
        }
    }

    /**
     * How a run trains.
     *
     * @param optimizer the optimizer's name
     * @param lr the base learning rate
     * @param schedule the learning-rate schedule
     * @param momentum momentum for sgd and nesterov
     * @param weightDecay weight decay
     * @param clipValue clamp each gradient element to ±this first (0: off)
     * @param clipNorm then clip the gradients' global norm to this (0: off)
     * @param reduction how per-step losses combine over time
     * @param batch sequences per batch
     * @param steps steps between updates (k1), or a regression's window length
     * @param bptt steps backpropagated (k2)
     * @param seed seeds initialisation, shuffling, dropout and sampling
     * @param totalSteps the step the run ends at
     * @param initFrom the parameter file the run started from, or null
     * @param evalEvery steps between held-out evaluations (0: at the end only)
     * @param patience held-out evaluations without improvement that stop the run (0: none)
     */
    public record Training(String optimizer, double lr, String schedule, double momentum, double weightDecay,
                           double clipValue, double clipNorm, Reduction reduction, int batch, int steps, int bptt,
                           long seed, long totalSteps, String initFrom, long evalEvery, int patience) {
        /** Whether every setting that has no default is there (a damaged checkpoint can lack one). */
        boolean complete() {
            return optimizer != null && schedule != null && reduction != null;
        }

        /** The trainer's settings for this recipe. */
        public Trainer.Settings trainerSettings() {
            return Trainer.Settings.defaults().withReduction(reduction).withClipValue(clipValue).withClipNorm(clipNorm)
                    .withSeed(seed);
        }

        /** The same recipe with another base learning rate. */
        public Training withLr(double rate) {
            return new Training(optimizer, rate, schedule, momentum, weightDecay, clipValue, clipNorm, reduction,
                    batch, steps, bptt, seed, totalSteps, initFrom, evalEvery, patience);
        }

        /** The same recipe ending at another step. */
        public Training withTotalSteps(long total) {
            return new Training(optimizer, lr, schedule, momentum, weightDecay, clipValue, clipNorm, reduction,
                    batch, steps, bptt, seed, total, initFrom, evalEvery, patience);
        }

        /** The same recipe evaluating every {@code steps} steps and stopping after {@code evaluations} without improvement. */
        public Training withEvaluation(long every, int evaluations) {
            return new Training(optimizer, lr, schedule, momentum, weightDecay, clipValue, clipNorm, reduction,
                    batch, steps, bptt, seed, totalSteps, initFrom, every, evaluations);
        }

        /** The same recipe with another seed. */
        public Training withSeed(long s) {
            return new Training(optimizer, lr, schedule, momentum, weightDecay, clipValue, clipNorm, reduction,
                    batch, steps, bptt, s, totalSteps, initFrom, evalEvery, patience);
        }
    }

    /** The same run with another architecture (the backend that actually ran, say). */
    public RunConfig withModel(ModelSpec m) {
        return new RunConfig(cell, data, m, training);
    }

    /** The same run with another training recipe. */
    public RunConfig withTraining(Training t) {
        return new RunConfig(cell, data, model, t);
    }

    /** The configuration as JSON, for a checkpoint. */
    public String toJson() {
        return new Gson().toJson(this);
    }

    /** The configuration {@link #toJson()} wrote; null when the text is not one. */
    public static RunConfig fromJson(String json) {
        try {
            RunConfig c = new Gson().fromJson(json, RunConfig.class);
            return c == null || c.model() == null || !c.model().complete() || c.data() != null && !c.data().complete()
                    || c.training() != null && !c.training().complete() ? null : c;
        } catch (RuntimeException e) {
            // Gson's parse errors, and the record's own checks, which Gson wraps when it calls the constructor.
            return null;
        }
    }
}
