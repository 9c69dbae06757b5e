package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.export.ModelFile;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.train.EncoderDecoder;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `rnnc export`: a trained model as a runnable jar that needs only a JDK 17: the runtime, the
 * generated kernels, the weights and what reads and writes the task's data, and none of the
 * compiler. A language model's jar generates text; any other model's answers for the lines of
 * a file as `rnnc predict` does.
 */
@Command(name = "export", description = "Write a trained model as a runnable jar: java -jar model.jar --prompt TEXT "
        + "(a language model) or java -jar model.jar FILE (classify, tag, value, regress, seq2seq).")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", defaultValue = "model.safetensors", description = "The checkpoint (default ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--out", defaultValue = "model.jar", description = "The jar to write (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Checkpoint c = Checkpoint.load(checkpoint);
        ModelSpec onJvm = c.spec().on(Backend.JVM, c.spec().float64());
        // Built only to hand over its plans and weights: one thread, the caller's.
        WorkerPool pool = new WorkerPool(1);
        ExportedNetworks networks = new ExportedNetworks(checkpoint);
        ModelFile file;
        Learner learner;
        String task = c.run().data() == null ? "lm" : c.run().data().task();
        if (task.equals("lm")) {
            String vocabulary = Checkpoints.vocabulary(c, checkpoint, "the checkpoint holds no vocabulary");
            Model model = Checkpoints.model(c, onJvm, err, pool);
            learner = model;
            file = new ModelFile(task, Map.of(LanguageModelTask.VOCABULARY, vocabulary), TsvPairs.Header.AUTO, 1, 0, 0,
                    networks.of(model), List.of());
        } else {
            RunConfig run = Checkpoints.trainingRun(c, checkpoint);
            refuseUnsupported(run.data());
            Task t = Tasks.read(run.data(), TaskInput.none(run.data()), c.encoders(), err);
            learner = Checkpoints.learner(c, onJvm, t, err, pool);
            ModelFile.Network model = learner instanceof EncoderDecoder ed ? networks.of(ed.decoder())
                    : networks.of((Model) learner);
            List<ModelFile.LayerFile> encoder = learner instanceof EncoderDecoder ed ? networks.of(ed.encoder()) : List.of();
            file = new ModelFile(task, c.encoders(), TaskInput.header(run.data().header()), run.training().batch(),
                    run.training().steps(), run.data().horizon(), model, encoder);
        }
        try {
            ModelJar.write(out, file, learner.parameters(), networks.float32());
        } catch (IOException e) {
            throw new UnavailableError(out + ": cannot be written (" + IoReason.of(e) + ")");
        }
        try {
            spec.commandLine().getOut().printf("%s: %.1f MB; run it with java -jar %s %s%n", out, Files.size(out) / 1e6,
                    out, task.equals("lm") ? "--prompt TEXT" : "FILE");
        } catch (IOException e) {
            throw new UnavailableError(out + ": cannot be read back (" + IoReason.of(e) + ")");
        }
        return Exit.OK;
    }

    /** A model whose data the runtime cannot read alone is refused in one sentence. */
    private void refuseUnsupported(RunConfig.Data data) {
        if (data.frames() != null) {
            throw new UserError(checkpoint + ": rnnc export cannot carry a model that reads image frames (--frames): "
                    + "its convolutional front end runs only inside rnnc");
        }
    }
}
