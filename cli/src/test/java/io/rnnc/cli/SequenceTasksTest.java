package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks on TSV files of sequences: many-to-one regression (`value`, the adding problem),
 * tagging (`tag`, a label per step, both directions allowed), and numbers as the inputs of
 * `classify` and `seq2seq`, standardised on the training lines.
 */
class SequenceTasksTest {
    /** The adding problem at length {@code t}: the sum of the two marked numbers. */
    static String adding(int lines, int t, long seed) {
        Random rng = new Random(seed);
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < lines; n++) {
            int i = rng.nextInt(t / 2);
            int j = t / 2 + rng.nextInt(t - t / 2);
            double[] v = new double[t];
            StringBuilder steps = new StringBuilder();
            for (int k = 0; k < t; k++) {
                v[k] = rng.nextInt(1000) / 1000.0;
                steps.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f,%d", v[k], k == i || k == j ? 1 : 0));
            }
            s.append(String.format(Locale.ROOT, "%.3f\t", v[i] + v[j])).append(steps).append('\n');
        }
        return s.toString();
    }

    @Test
    void theAddingProblemIsManyToOneRegression(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("adding.tsv"), adding(600, 8, 1));
        Path ckpt = dir.resolve("a.safetensors");
        TrainCommandTest.Result r = rnnc("train", "--cell", "stdlib:gru", "--task", "value", "--data", data.toString(),
                "--hidden", "16", "--batch", "16", "--lr", "0.01", "--max-steps", "300", "--checkpoint", ckpt.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("rnnc: every sequence is numbers: read as 2 features per step, standardised on the "
                + "training lines; --inputs text reads them as text"), r.err());
        Matcher m = Pattern.compile("held-out mean squared error ([0-9.e-]+) \\(always answering the training mean "
                + "([0-9.]+): ([0-9.e-]+)\\) on 60 sequences").matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(1.0, Double.parseDouble(m.group(2)), 0.05);
        assertEquals(1 / 6.0, Double.parseDouble(m.group(3)), 0.05, "the variance of a sum of two uniforms");
        assertTrue(Double.parseDouble(m.group(1)) < 0.02, r.out());
        Path one = Files.writeString(dir.resolve("one.txt"), "0.5,1 0,0 0,0 0,0 0.25,1 0,0 0,0 0,0\n");
        TrainCommandTest.Result p = rnnc("predict", "--checkpoint", ckpt.toString(), one.toString());
        assertEquals(0, p.status(), p.err());
        double answer = Double.parseDouble(p.out().lines().toList().get(1).split("\t")[0]);
        assertEquals(0.75, answer, 0.15, p.out());
    }

    /** The tag of each word is its successor's kind: only a model that reads backwards can know it. */
    private static String tagged(int lines, long seed) {
        Random rng = new Random(seed);
        List<String> words = List.of("red", "blue", "one", "two", "cat", "dog");
        StringBuilder s = new StringBuilder();
        for (int n = 0; n < lines; n++) {
            int len = 3 + rng.nextInt(4);
            String[] w = new String[len];
            for (int k = 0; k < len; k++) {
                w[k] = words.get(rng.nextInt(words.size()));
            }
            StringBuilder tags = new StringBuilder();
            for (int k = 0; k < len; k++) {
                String next = k + 1 < len ? w[k + 1] : "";
                tags.append(k == 0 ? "" : " ").append(next.isEmpty() ? "END"
                        : words.indexOf(next) < 2 ? "COLOUR" : words.indexOf(next) < 4 ? "NUMBER" : "ANIMAL");
            }
            s.append(String.join(" ", w)).append('\t').append(tags).append('\n');
        }
        return s.toString();
    }

    @Test
    void aBidirectionalTaggerReadsWhatComesAfter(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("tagged.tsv"), "tokens\ttags\n" + tagged(400, 2));
        String[] base = {"train", "--cell", "stdlib:gru", "--task", "tag", "--data", data.toString(), "--hidden", "16",
            "--batch", "16", "--lr", "0.02", "--max-steps", "150"};
        TrainCommandTest.Result forward = rnnc(concat(base, "--checkpoint", dir.resolve("f.safetensors").toString()));
        TrainCommandTest.Result both = rnnc(concat(base, "--bidirectional", "--checkpoint",
                dir.resolve("b.safetensors").toString()));
        assertEquals(0, forward.status(), forward.err());
        assertEquals(0, both.status(), both.err());
        assertTrue(both.out().contains("data: 360 sentences to train on, 40 held out (every 10th example); 6 distinct "
                + "words; tags: ANIMAL, COLOUR, END, NUMBER"), both.out());
        double f = accuracy(forward.out());
        double b = accuracy(both.out());
        assertTrue(f < 0.6 && b > 0.95, "forward " + f + ", bidirectional " + b);
        assertTrue(both.out().contains("; per tag: ANIMAL "), both.out());
        Path sentence = Files.writeString(dir.resolve("s.txt"), "red cat two\n");
        TrainCommandTest.Result p = rnnc("predict", "--checkpoint", dir.resolve("b.safetensors").toString(),
                sentence.toString());
        assertEquals("tokens\ttags\nred cat two\tANIMAL NUMBER END\n", p.out());
    }

    private static double accuracy(String out) {
        Matcher m = Pattern.compile("accuracy ([0-9.]+) over").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aTaggerNeedsATagForEveryToken(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("t.tsv"), "a b\tX Y\na b c\tX Y\n".repeat(5));
        TrainCommandTest.Result r = rnnc("train", "--cell", "stdlib:gru", "--task", "tag", "--data", data.toString(),
                "--checkpoint", dir.resolve("t.safetensors").toString());
        assertEquals(Exit.BAD_INPUT, r.status());
        assertTrue(r.err().contains("t.tsv:2: has 3 tokens but 2 tags; expected a tag for every token, `tokens<TAB>tags`"),
                r.err());
    }

    @Test
    void numbersAreInputsOfClassifiersAndEncoders(@TempDir Path dir) throws Exception {
        StringBuilder c = new StringBuilder();
        StringBuilder s = new StringBuilder();
        Random rng = new Random(3);
        for (int n = 0; n < 60; n++) {
            double level = rng.nextBoolean() ? 100 : 300;
            c.append(level > 200 ? "high" : "low").append('\t');
            s.append(String.format(Locale.ROOT, "%.1f %.1f\t", level + rng.nextGaussian(), level)).append(level > 200 ? "H" : "L")
                    .append('\n');
            for (int k = 0; k < 4; k++) {
                c.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f", level + 10 * rng.nextGaussian()));
            }
            c.append('\n');
        }
        Path classes = Files.writeString(dir.resolve("c.tsv"), c.toString());
        TrainCommandTest.Result r = rnnc("train", "--cell", "stdlib:gru", "--task", "classify", "--data", classes.toString(),
                "--hidden", "8", "--max-steps", "40", "--lr", "0.02", "--checkpoint", dir.resolve("c.safetensors").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("read as 1 number per step, standardised"), r.out());
        assertTrue(r.out().contains("accuracy 1.000"), "levels of 100 and 300, standardised, are easy apart: " + r.out());
        TrainCommandTest.Result text = rnnc("train", "--cell", "stdlib:gru", "--task", "classify", "--data",
                classes.toString(), "--inputs", "text", "--max-steps", "1", "--checkpoint",
                dir.resolve("t.safetensors").toString());
        assertTrue(text.out().contains("distinct characters"), text.out());
        Path pairs = Files.writeString(dir.resolve("s.tsv"), s.toString());
        TrainCommandTest.Result seq = rnnc("train", "--cell", "stdlib:gru", "--task", "seq2seq", "--data", pairs.toString(),
                "--hidden", "8", "--max-steps", "2", "--checkpoint", dir.resolve("s.safetensors").toString());
        assertEquals(0, seq.status(), seq.err());
        assertTrue(seq.out().contains("sources: 1 number per step, standardised"), seq.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
