package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Activation;
import io.rnnc.runtime.layer.Dense;
import io.rnnc.runtime.layer.Dropout;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.layer.SequenceLayer;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.train.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc export`: a trained language model as a runnable jar that needs only a JDK 17: the
 * runtime, the generated kernels, the weights and the vocabulary, and none of the compiler.
 */
@Command(name = "export", description = "Write a trained language model as a runnable jar: java -jar model.jar --prompt TEXT.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", defaultValue = "model.safetensors", description = "The checkpoint (default ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--out", defaultValue = "model.jar", description = "The jar to write (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        Checkpoint c = Checkpoint.load(checkpoint);
        String vocabulary = Checkpoints.vocabulary(c, checkpoint, "rnnc export writes language models, and this one is not");
        ModelSpec onJvm = c.spec().on(Backend.JVM, c.spec().float64());
        // Built only to hand over its plans and weights: one thread, the caller's.
        Model model = Checkpoints.model(c, onJvm, spec.commandLine().getErr(), new WorkerPool(1));
        List<List<CellPlan>> layers = plans(model);
        try {
            ModelJar.write(out, "lm", vocabulary, layers, model.parameters());
        } catch (IOException e) {
            throw new UnavailableError(out + ": cannot be written (" + IoReason.of(e) + ")");
        }
        try {
            spec.commandLine().getOut().printf("%s: %.1f MB; run it with java -jar %s --prompt TEXT%n", out,
                    Files.size(out) / 1e6, out);
        } catch (IOException e) {
            throw new UnavailableError(out + ": cannot be read back (" + IoReason.of(e) + ")");
        }
        return Exit.OK;
    }

    /** Each recurrent layer's plans; a model the runtime cannot run alone is refused in words. */
    private List<List<CellPlan>> plans(Model model) {
        List<List<CellPlan>> out = new ArrayList<>();
        for (SequenceLayer layer : model.layers()) {
            if (layer instanceof Dropout) {
                continue;
            }
            if (!(layer instanceof Recurrent r) || r.directions().size() != 1
                    || !(r.directions().get(0) instanceof JvmLayer)) {
                throw new UserError(checkpoint + ": rnnc export writes models of one-directional recurrent layers "
                        + "under a dense head, and this one has " + describe(layer));
            }
            JvmLayer jvm = (JvmLayer) r.directions().get(0);
            CellPlan vector = jvm.plan();
            out.add(vector.lanes() == 0 ? List.of(vector) : List.of(vector, jvm.scalarPlan()));
        }
        return out;
    }

    private static String describe(SequenceLayer layer) {
        if (layer instanceof Recurrent r && r.directions().size() == 2) {
            return "a bidirectional layer";
        }
        if (layer instanceof Dense d && d.activation() != Activation.IDENTITY) {
            return "a dense front end";
        }
        return "a " + layer.getClass().getSimpleName() + " layer";
    }
}
