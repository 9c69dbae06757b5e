package io.rnnc.cli;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc eval`: a checkpoint's loss (and accuracy, for classifiers) on a data file of its task,
 * the whole file, or with `--held-out` the part of it the training run held out.
 */
@Command(name = "eval", description = "Evaluate a checkpoint on a data file (all of it, or the part training held out).")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", defaultValue = "model.safetensors", description = "The checkpoint (default ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The data file, in the task's format.")
    Path data;

    @Option(names = "--held-out",
            description = "Only the part of FILE that training held out (the run's --split), as training reported it.")
    boolean heldOut;

    @Mixin
    CheckpointBackend backend;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        WorkerPool pool = threads.pool();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Checkpoint c = Checkpoint.load(checkpoint);
        RunConfig run = Checkpoints.trainingRun(c, checkpoint);
        if (heldOut && run.data().valid() != null) {
            throw new UsageError("--held-out: the saved run held out a file of its own, " + run.data().valid()
                    + "; evaluate on it without --held-out");
        }
        TaskInput input = heldOut ? TaskInput.training(run.data(), data) : TaskInput.whole(data, run.data());
        Task task = Tasks.read(run.data(), input, c.encoders(), err);
        Learner model = Checkpoints.learner(c, backend.applyTo(c.spec()), task, err, pool);
        Metrics m;
        try {
            m = task.evaluate(model, run.training().batch(), run.training().steps());
        } catch (Sampler.NonFiniteLogits e) {
            throw Checkpoints.nonFiniteOutputs(checkpoint, e);
        }
        out.println(m.isEmpty() ? data + ": nothing to evaluate" : (heldOut ? "held-out " : data + ": ") + task.describe(m));
        return Exit.OK;
    }
}
