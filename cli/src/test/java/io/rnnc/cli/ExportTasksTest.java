package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rnnc export` of every task but language models: each jar, run in a fresh JVM with nothing
 * but itself on the class path, prints for a file of inputs what `rnnc predict` prints for the
 * same checkpoint and file, line for line (the classifier's with the Vector API and without): classification (stacked bidirectional layers, one-hot
 * characters, dropout), tagging (words through a dense front end, both ways), values (numbers
 * through a convolution, float64), forecasts (stacked layers, two steps ahead) and translation (a
 * bidirectional encoder with its bridge). A model the jar cannot carry is refused in one sentence.
 */
class ExportTasksTest {
    @TempDir
    static Path dir;

    private static Path classifier;

    @BeforeAll
    static void exportAClassifier() throws IOException {
        Path data = write("classify.tsv", "yes\tababab\nno\tbbbaaa\nyes\taabab\nno\tbbba\nyes\tabba\n".repeat(8));
        classifier = export("classify", data, "--cell", "stdlib:gru", "--layers", "2", "--bidirectional", "--dropout",
                "0.1", "--recurrent-dropout", "0.2");
    }

    @Test
    void aClassifierPrintsWhatPredictPrintsWithTheVectorApiAndWithout() throws Exception {
        Path inputs = write("classify-in.txt", "ababab\nbbbb\naab\nbabaab\n");
        assertSameAnswers(classifier, inputs);
        JarRun scalar = java(classifier, inputs.toString());
        assertEquals(0, scalar.status(), scalar.err());
        assertEquals(predict(classifier, inputs), scalar.out().lines().toList(), "with scalar kernels");
        assertEquals(List.of("model: the generated kernels' vector loops are off: start the JVM with --add-modules "
                + "jdk.incubator.vector to turn them on (same results, faster float32 kernels)"), scalar.err().lines()
                .toList(), "said once");
    }

    @Test
    void aTaggerPrintsWhatPredictPrints() throws Exception {
        Path data = write("tag.tsv", "the cat sat\tD N V\na dog ran home\tD N V N\nthe dog sat\tD N V\n".repeat(6));
        // The training format, its tags ignored, and a header line naming the columns.
        Path inputs = write("tag-in.tsv", "tokens\ttags\nthe dog ran\tX X X\ncat sat the dog\tX X X X\n");
        assertSameAnswers(export("tag", data, "--cell", "stdlib:lstm", "--bidirectional", "--dense", "6"), inputs);
    }

    @Test
    void aValueModelPrintsWhatPredictPrints() throws Exception {
        Path data = write("value.tsv", "1.5\t0.5 1\n3\t1 2\n-2\t-1 -1\n0.25\t0.25 0 0\n7\t3 4\n".repeat(6));
        Path inputs = write("value-in.txt", "1 1\n2 0.5 -3\n10\n");
        assertSameAnswers(export("value", data, "--cell", "stdlib:lstm", "--conv", "4", "--conv-kernel", "2",
                "--precision", "f64"), inputs);
    }

    @Test
    void aTranslatorPrintsWhatPredictPrints() throws Exception {
        Path data = write("pairs.tsv", "abc\tcba\nab\tba\nbca\tacb\ncab\tbac\n".repeat(8));
        Path inputs = write("pairs-in.txt", "abc\ncc\nbacab\n");
        Path jar = export("seq2seq", data, "--cell", "stdlib:lstm", "--bidirectional", "--layers", "2");
        assertSameAnswers(jar, inputs);
        assertHoldsNoCompiler(jar);
    }

    @Test
    void aForecasterPrintsWhatPredictPrints() throws Exception {
        Path data = write("series.csv", series(40, 0));
        Path inputs = write("series-in.csv", series(15, 7));
        assertSameAnswers(export("regress", data, "--cell", "stdlib:gru", "--layers", "2", "--horizon", "2"), inputs);
    }

    /** Rows of two inputs and a target. */
    private static String series(int rows, int from) {
        StringBuilder csv = new StringBuilder("x,z,y\n");
        for (int i = from; i < from + rows; i++) {
            csv.append(String.format(java.util.Locale.ROOT, "%d,%.3f,%.4f%n", i % 5, Math.cos(i / 4.0), Math.sin(i / 3.0)));
        }
        return csv.toString();
    }

    @Test
    void aModelOfImageFramesIsRefusedInWords() throws IOException {
        Path data = dir.resolve("gestures.npz");
        assertEquals(0, rnnc("gestures", "-o", data.toString(), "--count", "12", "--seed", "3").status());
        Path ckpt = dir.resolve("frames.safetensors");
        TrainCommandTest.Result trained = rnnc("train", "--task", "classify", "--data", data.toString(), "--frames",
                "24x24x1", "--conv2d", "4:3x3,pool2", "--cell", "stdlib:gru", "--hidden", "8", "--batch", "8",
                "--max-steps", "1", "--checkpoint", ckpt.toString());
        assertEquals(0, trained.status(), trained.err());
        TrainCommandTest.Result r = rnnc("export", "--checkpoint", ckpt.toString(), "--out", dir.resolve("f.jar").toString());
        assertEquals(Exit.BAD_INPUT, r.status(), r.err());
        assertEquals(ckpt + ": rnnc export cannot carry a model that reads image frames (--frames): its convolutional "
                + "front end runs only inside rnnc\n", r.err().replace("rnnc: ", ""));
        assertTrue(Files.notExists(dir.resolve("f.jar")));
    }

    @Test
    void aMissingFileIsBadInputAndNoFileAUsageError() throws Exception {
        Path jar = classifier;
        JarRun missing = java(jar, dir.resolve("nowhere.txt").toString());
        assertEquals(3, missing.status(), missing.err());
        assertEquals(List.of("model: " + dir.resolve("nowhere.txt") + ": no such file"),
                missing.err().lines().filter(l -> !l.contains("vector loops are off")).toList());
        JarRun none = java(jar);
        assertEquals(2, none.status(), none.err());
        assertTrue(none.err().contains("usage: java -jar model.jar FILE"), none.err());
    }

    /** The jar prints for {@code inputs} what `rnnc predict` prints, line for line. */
    private static void assertSameAnswers(Path jar, Path inputs) throws Exception {
        List<String> expected = predict(jar, inputs);
        assertTrue(expected.size() > 1, expected.toString());
        JarRun run = JarRun.of(jar, dir, List.of("--add-modules", "jdk.incubator.vector"), inputs.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(expected, run.out().lines().toList());
    }

    /** What `rnnc predict` prints for the checkpoint {@code jar} was exported from. */
    private static List<String> predict(Path jar, Path inputs) {
        TrainCommandTest.Result r = rnnc("predict", "--checkpoint", jar.resolveSibling("model.safetensors").toString(),
                inputs.toString());
        assertEquals(0, r.status(), r.err());
        return r.out().lines().toList();
    }

    private static void assertHoldsNoCompiler(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = j.stream().map(e -> e.getName()).toList();
            for (String absent : List.of("io/rnnc/compiler/", "io/rnnc/cli/", "io/rnnc/grammar/", "org/antlr/",
                    "org/objectweb/asm/", "picocli/", "com/aparapi/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(absent)), "holds " + absent);
            }
        }
    }

    private static Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A tiny model of {@code task} trained on {@code data} for a few steps; returns its checkpoint, in a directory of its own. */
    private static Path train(String task, Path data, String... more) throws IOException {
        Path ckpt = Files.createDirectories(dir.resolve(data.getFileName() + ".model")).resolve("model.safetensors");
        List<String> args = new ArrayList<>(List.of("train", "--task", task, "--data", data.toString(), "--hidden", "8",
                "--steps", "12", "--batch", "3", "--max-steps", "4", "--lr", "0.05", "--checkpoint", ckpt.toString()));
        args.addAll(List.of(more));
        TrainCommandTest.Result r = rnnc(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return ckpt;
    }

    /**
     * Trains and exports; the jar lies beside the checkpoint. Every jar is named model.jar, the
     * name JavaCPP caches its native libraries under.
     */
    private static Path export(String task, Path data, String... more) throws IOException {
        Path ckpt = train(task, data, more);
        Path jar = ckpt.resolveSibling("model.jar");
        TrainCommandTest.Result r = rnnc("export", "--checkpoint", ckpt.toString(), "--out", jar.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("java -jar " + jar + " FILE"), r.out());
        return jar;
    }

    private static JarRun java(Path jar, String... args) throws Exception {
        return JarRun.of(jar, dir, List.of(), args);
    }
}
