import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.OneHot;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import io.rnnc.stdlib.Stdlib;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A tagger through the Java API: a tag for every word, read by a bidirectional GRU. Each word's
 * tag is the kind of the word after it (COLOUR, NUMBER, ANIMAL, or END for the last), which only
 * the backward direction has read when the word is tagged. Prints each tag's held-out accuracy.
 */
public class Tagger {
    private static final List<String> WORDS = List.of("red", "blue", "one", "two", "cat", "dog");
    private static final List<String> KINDS = List.of("COLOUR", "COLOUR", "NUMBER", "NUMBER", "ANIMAL", "ANIMAL");

    public static void main(String[] args) throws Exception {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 300;
        Random rng = new Random(1);
        List<String[]> sentences = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            String[] s = new String[3 + rng.nextInt(5)];
            for (int i = 0; i < s.length; i++) {
                s[i] = WORDS.get(rng.nextInt(WORDS.size()));
            }
            sentences.add(s);
        }
        Vocabulary words = Vocabulary.of(String.join(" ", WORDS), Vocabulary.Level.WORD);
        LabelEncoder tags = LabelEncoder.fit(List.of("COLOUR", "NUMBER", "ANIMAL", "END"));
        SequenceDataset train = dataset(sentences.subList(0, 450), words, tags);
        SequenceDataset heldOut = dataset(sentences.subList(450, 500), words, tags);

        ModelSpec spec = ModelSpec.tagger(words.size(), 16, tags.size()).withBidirectional(true);
        Model model = Models.build(Stdlib.cell("gru"), spec, 7);
        Trainer trainer = new Trainer(model, Optimizers.adam(), LearningRates.constant(0.02),
                Trainer.Settings.defaults().withClipNorm(5.0).withSeed(7));
        TrainingLoop.run(trainer, new ShuffledBatches(train, 16, 7), steps, (step, result, n) -> { }, () -> false);

        int[] seen = new int[tags.size()];
        int[] right = new int[tags.size()];
        for (Batch b : ShuffledBatches.inOrder(heldOut, 50)) {
            double[][][] y = model.forward(b, States.zero(), false).steps();
            int[][] truth = ((Targets.StepClasses) b.targets()).ids();
            for (int i = 0; i < b.size(); i++) {
                for (int t = 0; t < b.lengths()[i]; t++) {
                    seen[truth[t][i]]++;
                    right[truth[t][i]] += Sampler.argmax(y[t][i]) == truth[t][i] ? 1 : 0;
                }
            }
        }
        for (int c = 0; c < tags.size(); c++) {
            System.out.printf(Locale.ROOT, "%s %.3f (%d words)%n", tags.decode(c), (double) right[c] / seen[c], seen[c]);
        }
    }

    private static SequenceDataset dataset(List<String[]> sentences, Vocabulary words, LabelEncoder tags) {
        List<double[][]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (String[] s : sentences) {
            x.add(OneHot.sequence(words.encode(String.join(" ", s), "sentence"), words.size()));
            int[] ids = new int[s.length];
            for (int i = 0; i < s.length; i++) {
                ids[i] = tags.encode(i + 1 < s.length ? KINDS.get(WORDS.indexOf(s[i + 1])) : "END", "sentence");
            }
            y.add(ids);
        }
        return SequenceDataset.stepClasses(x, y);
    }
}
