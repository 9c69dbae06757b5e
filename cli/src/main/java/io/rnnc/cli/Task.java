package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.StepSource;
import java.util.Map;

/**
 * What `rnnc train` learns from a data file: how the file becomes batches, which head and loss
 * the model needs, and how a trained model is judged on held-out data.
 */
interface Task {
    /** Features per step. */
    int inputSize();

    /** The head's kind. */
    Model.Head head();

    /** The head's size. */
    int outputSize();

    /** How the head reads a sequence, or null for every step. */
    Pooling pooling();

    /** The training batches. */
    StepSource training(int batch, int steps, int bptt, long seed);

    /** Held-out loss and what else tells how good the model is, as one line. */
    String evaluate(Learner model, int batch, int steps);

    /** The model this task trains, around {@code cell}, computing on {@code pool}. */
    default Learner learner(TypedCell cell, ModelSpec spec, long seed, WorkerPool pool) throws Backend.Unavailable {
        return Models.build(cell, spec, seed, pool);
    }

    /** What the task must keep in a checkpoint to read data again (vocabulary, labels, …). */
    Map<String, String> settings();
}
