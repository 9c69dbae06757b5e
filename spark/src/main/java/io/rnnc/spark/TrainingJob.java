package io.rnnc.spark;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.compiler.source.Source;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.train.Learner;
import java.io.Serializable;

/**
 * What every executor needs to compute its share of a step, broadcast once: the cell's source
 * (each executor compiles it itself), the model's spec, how losses are reduced, and the seed
 * that dropout masks are drawn from.
 *
 * @param id names the run, so that executors keep compiled models of this run apart from others'
 * @param cellName the cell's name in its source
 * @param cellSource the text of the cell's file
 * @param specJson the model's spec as a checkpoint keeps it
 * @param reduction how per-step losses are reduced
 * @param seed the run's seed
 * @param sourceSize an encoder-decoder's source features per step (seq2seq); 0 for the other models
 */
record TrainingJob(String id, String cellName, String cellSource, String specJson, Reduction reduction, long seed,
                   int sourceSize) implements Serializable {
    /** The cell, checked again from its source. */
    TypedCell cell() {
        Frontend.Result r = Frontend.check(new Source(cellName + ".rnn", cellSource));
        return r.cells().stream().filter(c -> c.name().equals(cellName) && r.ok()).findFirst()
                .orElseThrow(() -> new IllegalStateException("the cell `" + cellName + "` does not check"));
    }

    /** The model's spec. */
    ModelSpec spec() {
        return ModelSpec.fromJson(specJson);
    }

    /** A model of this run, its parameters drawn from {@code initSeed}, computing on {@code threads} threads. */
    Learner build(long initSeed, int threads) {
        WorkerPool pool = new WorkerPool(threads);
        return sourceSize > 0 ? Models.encoderDecoder(cell(), sourceSize, spec(), initSeed, pool)
                : Models.build(cell(), spec(), initSeed, pool);
    }
}
