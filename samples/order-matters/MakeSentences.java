import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes short reviews labelled pos or neg, as `rnnc train --task classify` reads them, in
 * which negation and word order decide the label: "the plot was good but the acting was dull"
 * is negative and "the plot was dull but the acting was good" positive, with the same words;
 * "not bad" is positive and "not good" negative, which no weighing of words one by one can
 * tell apart. Seed 003's argument against bags of words, as data. Seeded: the same arguments
 * give the same file.
 *
 * <pre>java MakeSentences.java OUT.tsv [LINES] [SEED]</pre>
 */
public class MakeSentences {
    private static final List<String> THINGS = List.of("plot", "acting", "music", "story", "ending", "cast", "script",
            "dialogue", "pacing", "camera work", "soundtrack", "humour", "lead", "villain", "set design");
    private static final List<String> GOOD = List.of("good", "great", "wonderful", "brilliant", "fun", "moving",
            "clever", "charming", "gripping", "superb");
    private static final List<String> BAD = List.of("bad", "boring", "awful", "dull", "weak", "predictable", "clumsy",
            "tedious", "flat", "messy");

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "sentences.tsv");
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        Random rng = new Random(args.length > 2 ? Long.parseLong(args[2]) : 3);
        StringBuilder tsv = new StringBuilder("label\ttext\n");
        for (int i = 0; i < lines; i++) {
            boolean positive = rng.nextBoolean();
            tsv.append(positive ? "pos" : "neg").append('\t').append(sentence(positive, rng)).append('\n');
        }
        Files.writeString(out, tsv);
    }

    /** A review of the given sentiment, from one of the templates, each as likely. */
    private static String sentence(boolean positive, Random rng) {
        String a = pick(THINGS, rng);
        String b = pick(THINGS, rng);
        while (b.equals(a)) {
            b = pick(THINGS, rng);
        }
        return switch (rng.nextInt(6)) {
            // Plain: the adjective decides.
            case 0 -> "the " + a + " was " + adjective(positive, rng);
            // Negated: the adjective's opposite.
            case 1 -> "the " + a + " was not " + adjective(!positive, rng);
            case 2 -> "i did not think the " + a + " was " + adjective(!positive, rng);
            // Contrast: the clause after "but" decides; the other says the opposite.
            case 3 -> "the " + a + " was " + adjective(!positive, rng) + " but the " + b + " was "
                    + adjective(positive, rng);
            // Concession: the clause after "although" is outweighed, wherever it stands.
            case 4 -> "although the " + a + " was " + adjective(!positive, rng) + " the " + b + " was "
                    + adjective(positive, rng);
            default -> "the " + b + " was " + adjective(positive, rng) + " although the " + a + " was "
                    + adjective(!positive, rng);
        };
    }

    private static String adjective(boolean positive, Random rng) {
        return pick(positive ? GOOD : BAD, rng);
    }

    private static String pick(List<String> words, Random rng) {
        return words.get(rng.nextInt(words.size()));
    }
}
