package io.rnnc.cli;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.kernels.WorkerPool;
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
    ThreadsOption threads;

    @Override
    public Integer call() {
        WorkerPool pool = threads.pool();
        Checkpoint c = Checkpoints.read(checkpoint);
        var s = c.settings();
        String target = s.getOrDefault("target", "");
        Task task = Tasks.of(s.getOrDefault("task", "lm"), data, s.getOrDefault("level", "char"),
                target.isEmpty() ? null : target, s);
        Learner model = Checkpoints.learner(c, checkpoint, task, spec.commandLine().getErr(), pool);
        int batch = Integer.parseInt(s.getOrDefault("batch", "32"));
        int steps = Integer.parseInt(s.getOrDefault("steps", "64"));
        spec.commandLine().getOut().println(task.evaluate(model, batch, steps));
        return Exit.OK;
    }
}
