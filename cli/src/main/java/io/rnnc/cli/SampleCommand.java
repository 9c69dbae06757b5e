package io.rnnc.cli;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.TextGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

    @Option(names = "--top-p", defaultValue = "1",
            description = "Sample among the fewest likeliest tokens whose probabilities reach p (default ${DEFAULT-VALUE}: all).")
    double topP;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds the sampling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop", description = "Stop when the generated text ends with this text, left out (repeatable).")
    List<String> stop = new ArrayList<>();

    @Mixin
    CheckpointBackend backend;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() {
        if (temperature < 0 || length < 0 || topK < 0) {
            throw new UsageError("--temperature, --length and --top-k must be at least 0");
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new UsageError("--top-p must be above 0 and at most 1");
        }
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new UsageError("--stop needs a text that is not empty");
        }
        WorkerPool pool = threads.pool();
        Checkpoint c = Checkpoint.load(checkpoint);
        String vocabularyJson = Checkpoints.vocabulary(c, checkpoint, "is not a language model");
        Model model = Checkpoints.model(c, backend.applyTo(c.spec()), spec.commandLine().getErr(), pool);
        Vocabulary vocabulary = Vocabulary.fromJson(vocabularyJson, checkpoint.toString());
        TextGenerator.Options options = new TextGenerator.Options(length, temperature, topK, topP, seed, stop);
        try {
            spec.commandLine().getOut().println(new TextGenerator(model, vocabulary).sample(prompt, options));
        } catch (Sampler.NonFiniteLogits e) {
            throw Checkpoints.nonFiniteOutputs(checkpoint, e);
        }
        return Exit.OK;
    }
}
