package io.rnnc.cli;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.TextGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `rnnc sample`: text from a language-model checkpoint, after a prompt, at a temperature. */
@Command(name = "sample", description = "Generate text from a language model saved by `rnnc train --task lm`.")
final class SampleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", defaultValue = "model.safetensors", description = "The checkpoint (default ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--prompt", defaultValue = "", description = "Text to start from.")
    String prompt;

    @Option(names = "--length", defaultValue = "300", description = "Tokens to generate (default ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", defaultValue = "0.7",
            description = "Lower is more conservative; 0 is greedy decoding, the likeliest token each time (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Sample among the k likeliest tokens only (0: all).")
    int topK;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the sampling (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    CheckpointBackend backend;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        if (temperature < 0 || length < 0 || topK < 0) {
            throw new UsageError("--temperature, --length and --top-k must be at least 0");
        }
        WorkerPool pool = threads.pool();
        Checkpoint c = Checkpoint.load(checkpoint);
        String vocabularyJson = c.encoders().get(LanguageModelTask.VOCABULARY);
        String task = c.run().data() == null ? "lm" : c.run().data().task();
        if (!"lm".equals(task) || vocabularyJson == null) {
            throw new UserError(checkpoint + ": is not a language model (trained with --task " + task + ")");
        }
        Model model = Checkpoints.model(c, backend.applyTo(c.spec()), spec.commandLine().getErr(), pool);
        Vocabulary vocabulary = Vocabulary.fromJson(vocabularyJson, checkpoint.toString());
        try {
            spec.commandLine().getOut().println(new TextGenerator(model, vocabulary).sample(prompt, length, temperature,
                    topK, seed));
        } catch (Sampler.NonFiniteLogits e) {
            throw Checkpoints.nonFiniteOutputs(checkpoint, e);
        }
        return Exit.OK;
    }
}
