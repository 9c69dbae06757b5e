package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.MemoryEstimate;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.optim.LearningRate;
import io.rnnc.runtime.optim.Optimizer;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import java.io.PrintWriter;
import java.util.function.IntToLongFunction;

/**
 * A run ready to train: its model built (on the backend that runs, which the configuration
 * then records), its optimizer and schedule, its batches, and the step it ends at.
 *
 * @param config the run's configuration, with the backend that runs and the step it ends at
 */
record PreparedRun(Learner model, RunConfig config, Trainer trainer, StepSource source, long total) {
    /**
     * Builds the run of {@code config} around {@code cell} on {@code task}'s data.
     *
     * @param length the step the run ends at, given the steps in an epoch
     * @param pool the threads the model computes on
     * @param skipNonFinite whether a batch whose loss or gradients are not finite is skipped
     *     rather than stopping the run
     * @param err where a fallback from one backend to another is announced
     */
    static PreparedRun of(TypedCell cell, RunConfig config, Task task, IntToLongFunction length, WorkerPool pool,
                          boolean skipNonFinite, PrintWriter err) {
        RunConfig.Training recipe = config.training();
        MemoryEstimate.of(cell, config.model()).requireTraining(config.model(), recipe.bptt(), recipe.batch());
        Layers.Built<Learner> built = Layers.built(config.model(), err, s -> task.learner(cell, s, recipe.seed(), pool));
        Learner model = built.model();
        Optimizer optimizer = Options.optimizer(recipe.optimizer(), recipe.weightDecay(), recipe.momentum());
        StepSource source = task.training(recipe.batch(), recipe.steps(), recipe.bptt(), recipe.seed());
        long total = length.applyAsLong(source.stepsPerEpoch());
        RunConfig run = config.withModel(built.spec()).withTraining(recipe.withTotalSteps(total));
        LearningRate rate = Options.schedule(recipe.schedule(), recipe.lr(), total);
        return new PreparedRun(model, run, new Trainer(model, optimizer, rate,
                recipe.trainerSettings().withSkipNonFinite(skipNonFinite)), source, total);
    }

    /** The number of trainable values. */
    long parameterCount() {
        return model.parameters().values().stream().mapToLong(t -> t.size()).sum();
    }
}
