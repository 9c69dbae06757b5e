package io.rnnc.cli;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.train.Learner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc predict`: a trained model on new data, one answer per input as tab- or comma-separated
 * lines: a class and every class's probability per line (classify), a translation per line
 * (seq2seq), a forecast of the next value per row (regress), a line's loss and the likeliest
 * next token (lm).
 */
@Command(name = "predict", description = "Run a trained model on new data: a class, a forecast, a decoding per input.")
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", defaultValue = "model.safetensors", description = "The checkpoint (default ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Parameters(paramLabel = "FILE",
            description = "The inputs: lines of text (classify, seq2seq, lm; a file in the training format works too, "
                    + "its labels or targets ignored), or a CSV with the training data's columns (regress).")
    Path file;

    @Option(names = "--batch", description = "Inputs run at once (default: the training batch).")
    Integer batch;

    @Mixin
    CheckpointBackend backend;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (batch != null && batch < 1) {
            throw new UsageError("--batch must be at least 1");
        }
        WorkerPool pool = threads.pool();
        Checkpoint c = Checkpoint.load(checkpoint);
        RunConfig run = Checkpoints.trainingRun(c, checkpoint);
        Task task = Tasks.read(run.data(), TaskInput.none(run.data()), c.encoders(), err);
        Learner model = Checkpoints.learner(c, backend.applyTo(c.spec()), task, err, pool);
        try {
            task.predict(model, TaskInput.Text.read(file), batch != null ? batch : run.training().batch(),
                    run.training().steps(), out, err);
        } catch (Sampler.NonFiniteLogits e) {
            throw Checkpoints.nonFiniteOutputs(checkpoint, e);
        }
        out.flush();
        return Exit.OK;
    }
}
