import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Cells;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.TextFiles;
import io.rnnc.runtime.data.TokenStreams;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.StreamWindows;
import io.rnnc.runtime.train.TextGenerator;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.nio.file.Path;
import java.util.Map;

/** A character model from a .rnn file, through the Java API: compile, build, train, sample, save, load. */
public class CharModel {
    public static void main(String[] args) throws Exception {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 300;
        Path out = Path.of(args.length > 1 ? args[1] : "charmodel.safetensors");

        TypedCell cell = Cells.read(Path.of("samples/cells/mgu.rnn"));          // parse and check
        String text = TextFiles.read(Path.of("samples/data/genesis.txt"));
        Vocabulary chars = Vocabulary.of(text, Vocabulary.Level.CHARACTER);

        ModelSpec spec = ModelSpec.languageModel(chars.size(), 128);
        Model model = Models.build(cell, spec, 42);                              // compiled for the JVM
        Trainer trainer = new Trainer(model, Optimizers.adam(), LearningRates.constant(0.003),
                Trainer.Settings.defaults().withClipNorm(5.0).withSeed(42));
        StreamWindows batches = new StreamWindows(
                new TokenStreams(chars.encode(text, "genesis.txt"), 32, chars.size(), "genesis.txt"), 64, 64);
        TrainingLoop.run(trainer, batches, steps, (step, result, n) -> {
            if (step % 100 == 0) {
                System.out.printf("step %d loss %.3f%n", step, result.loss());
            }
        }, () -> false);

        System.out.println(new TextGenerator(model, chars).sample("And God said", 200, 0.7, 0, 1));

        Checkpoint.of(cell, spec, trainer, batches, Map.of("vocabulary", chars.toJson())).save(out);
        model.close();                                                           // frees device memory on OpenCL
        try (Model again = Checkpoint.load(out).model()) {                       // the saved spec and parameters
            System.out.println(new TextGenerator(again, chars).sample("And God said", 200, 0.7, 0, 1));
        }
    }
}
