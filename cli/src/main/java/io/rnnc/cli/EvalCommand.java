package io.rnnc.cli;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.train.Learner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `rnnc eval`: a checkpoint's held-out loss (and accuracy, for classifiers) on a data file. */
@Command(name = "eval", description = "Evaluate a checkpoint on the held-out part of a data file.")
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", defaultValue = "model.safetensors", description = "The checkpoint (default ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The data file, in the task's format.")
    Path data;

    @Mixin
    CheckpointBackend backend;

    @Override
    public Integer call() {
        Checkpoint c = Checkpoints.read(checkpoint);
        RunConfig run = Checkpoints.trainingRun(c, checkpoint);
        Task task = Tasks.of(run.data().task(), data, run.data().level(), run.data().target(), c.encoders());
        Learner model = Checkpoints.learner(c, checkpoint, backend.applyTo(c.spec()), task, spec.commandLine().getErr());
        int batch = run.training().batch();
        int steps = run.training().steps();
        spec.commandLine().getOut().println(task.describe(task.evaluate(model, batch, steps)));
        return Exit.OK;
    }
}
