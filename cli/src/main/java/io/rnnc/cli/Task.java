package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.report.LineChart;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.StepSource;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What `rnnc train` learns from a data file: how the file becomes batches, which head and loss
 * the model needs, and how a trained model is judged on held-out data.
 */
public interface Task {
    /** Features per step. */
    int inputSize();

    /** The head's kind. */
    Model.Head head();

    /** The head's size. */
    int outputSize();

    /** How the head reads a sequence, or null for every step. */
    Pooling pooling();

    /**
     * Whether the model predicts each step from the steps before it (lm, regress): a direction
     * that reads the sequence backwards would then read what it predicts.
     */
    default boolean causal() {
        return false;
    }

    /** Whether `--bidirectional` makes the model's last layer, the one the head reads, run both ways. */
    default boolean bidirectionalOutput() {
        return true;
    }

    /** The training batches. */
    StepSource training(int batch, int steps, int bptt, long seed);

    /** How much data there is to train on and to hold out, and how it was chosen, as one line. */
    String describeData();

    /**
     * The held-out loss ({@code loss}, as training counts it) and what else tells how good the
     * model is; empty without held-out data.
     */
    Metrics evaluate(Learner model, int batch, int steps);

    /** The name of the metric among {@link #evaluate}'s that tells how good a model is for this task (accuracy, mse, …). */
    String metric();

    /**
     * A model that learns nothing, whose {@link #metric()} a trained model should beat: its
     * value among {@link #evaluate}'s under {@code metric}, and what it does, for tables.
     */
    record Baseline(String metric, String label) {
    }

    /** The task's baseline, or null where it has none in the units of {@link #metric()}. */
    default Baseline baseline() {
        return null;
    }

    /** Whether a higher {@link #metric()} is better. */
    default boolean higherIsBetter() {
        return true;
    }

    /**
     * Charts of the model on the held-out data, by a name fit for a file (a forecast against the
     * truth); none unless the task has some.
     */
    default Map<String, LineChart> charts(Learner model, int batch, int steps) {
        return Map.of();
    }

    /** Metrics of {@link #evaluate}, not empty, as one line for people, each beside its baseline. */
    String describe(Metrics metrics);

    /**
     * What the model predicts for each input of {@code file}, as lines of text on {@code out}:
     * a class and its probabilities, a forecast, a decoding.
     *
     * @param err where a detected header line is announced
     */
    void predict(Learner model, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err);

    /** The model this task trains, around {@code cell}, computing on {@code pool}. */
    default Learner learner(TypedCell cell, ModelSpec spec, long seed, WorkerPool pool) {
        return Models.build(cell, spec, seed, pool);
    }

    /** What the task must keep in a checkpoint to read data again (vocabulary, labels, …), as JSON by name. */
    Map<String, String> encoders();
}
