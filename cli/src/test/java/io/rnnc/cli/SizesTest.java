package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes the user did not choose are said, or asked for: a cell whose input size does not fit
 * the data is refused before training, a free size is announced or set with --size, and a cell
 * that ends in a softmax over a size of its own is the model's output.
 */
class SizesTest {
    private static final String TEXT = "the cat sat on the mat. the dog ran to the cat. ".repeat(20);

    private static Path text(Path dir) throws Exception {
        return Files.writeString(dir.resolve("text.txt"), TEXT);
    }

    private static TrainCommandTest.Result train(Path dir, String cell, String... more) throws Exception {
        Path rnn = Files.writeString(dir.resolve("cell.rnn"), cell);
        String[] base = {"train", "--cell", rnn.toString(), "--data", text(dir).toString(), "--hidden", "12", "--steps",
            "8", "--batch", "4", "--max-steps", "3", "--sample", "0", "--checkpoint", dir.resolve("m.safetensors").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return rnnc(all);
    }

    @Test
    void anInputTiedToTheHiddenSizeIsRefusedBeforeTraining(@TempDir Path dir) throws Exception {
        TrainCommandTest.Result r = train(dir, "h_t = tanh(W x_t + U h_{t-1} + b + x_t)\n");
        assertEquals(Exit.BAD_INPUT, r.status(), r.out() + r.err());
        int features = (int) TEXT.chars().distinct().count();
        assertTrue(r.err().contains("the cell reads inputs of H = 12 features (its equations tie the input's size to H), "
                + "but the data has " + features + " features per step; give --hidden " + features + ", or --dense 12"),
                r.err());
        assertFalse(r.out().contains("training"), "no step ran: " + r.out());
        assertFalse(Files.exists(dir.resolve("m.safetensors")));
        TrainCommandTest.Result fixed = train(dir, "h_t = tanh(W x_t + U h_{t-1} + b + x_t)\n", "--dense", "12");
        assertEquals(0, fixed.status(), fixed.err());
    }

    @Test
    void aSoftmaxTheCellEndsInIsTheModelsOutput(@TempDir Path dir) throws Exception {
        String elman = "h_t = tanh(W_h x_t + U_h h_{t-1} + b_h)\ny_t = softmax(W_y h_t + b_y)\n";
        TrainCommandTest.Result r = train(dir, elman);
        assertEquals(0, r.status(), r.err());
        int classes = (int) TEXT.chars().distinct().count();
        assertTrue(r.err().contains("the cell's output `y`, a softmax over Y = " + classes
                + " (the number of classes), is the model's output; no dense head on top of it"), r.err());
        Checkpoint c = Checkpoint.load(dir.resolve("m.safetensors"));
        assertTrue(c.spec().cellOutput());
        assertEquals(Map.of("Y", classes), c.spec().sizes());
        assertFalse(c.parameters().keySet().stream().anyMatch(k -> k.startsWith("head.")), c.parameters().keySet().toString());
        assertArrayEquals(new int[] {classes, 12}, c.parameters().get("W_y_l0").shape());
        TrainCommandTest.Result eval = rnnc("eval", "--checkpoint", dir.resolve("m.safetensors").toString(), "--data",
                dir.resolve("text.txt").toString());
        assertEquals(0, eval.status(), eval.err());
        TrainCommandTest.Result other = train(dir, elman, "--size", "Y=5");
        assertEquals(Exit.USAGE, other.status(), other.err());
        assertTrue(other.err().contains("--size Y=5: the cell's output `y`, a softmax over Y, is the model's output, "
                + "so Y is the number of classes, " + classes), other.err());
    }

    @Test
    void aFreeSizeIsAnnouncedOrGiven(@TempDir Path dir) throws Exception {
        String linear = "h_t = tanh(W_h x_t + U_h h_{t-1} + b_h)\ny_t = W_y h_t\n";
        TrainCommandTest.Result chosen = train(dir, linear);
        assertEquals(0, chosen.status(), chosen.err());
        assertTrue(chosen.err().contains("rnnc: the cell's size Y = 12 was chosen (the hidden size); set it with --size Y=N"),
                chosen.err());
        TrainCommandTest.Result given = train(dir, linear, "--size", "Y=5");
        assertEquals(0, given.status(), given.err());
        assertFalse(given.err().contains("chosen"), given.err());
        Tensor w = Checkpoint.load(dir.resolve("m.safetensors")).parameters().get("W_y_l0");
        assertArrayEquals(new int[] {5, 12}, w.shape());
        TrainCommandTest.Result unknown = train(dir, linear, "--size", "Z=5");
        assertEquals(Exit.USAGE, unknown.status(), unknown.err());
        assertTrue(unknown.err().contains("--size Z=5: cell cell has no size Z; its size parameters are Y"), unknown.err());
        TrainCommandTest.Result zero = train(dir, linear, "--size", "Y=0");
        assertEquals(Exit.USAGE, zero.status(), zero.err());
        assertTrue(zero.err().contains("--size Y=0: a size is at least 1"), zero.err());

        Path rnn = dir.resolve("cell.rnn");
        TrainCommandTest.Result grad = rnnc("gradcheck", rnn.toString());
        assertEquals(0, grad.status(), grad.out() + grad.err());
        assertTrue(grad.err().contains("the cell's size Y = 3 was chosen (gradcheck's default)"), grad.err());
        TrainCommandTest.Result bench = rnnc("bench", "--cell", rnn.toString(), "--size", "Y=2", "--input", "3",
                "--hidden", "4", "--steps", "2", "--batch", "2", "--warmup", "0", "--warmup-seconds", "0", "--repeat", "1");
        assertEquals(0, bench.status(), bench.err());
        assertFalse(bench.err().contains("chosen"), bench.err());
    }

    @Test
    void aDirectionThatReadsTheTargetsIsRefused(@TempDir Path dir) throws Exception {
        TrainCommandTest.Result lm = rnnc("train", "--cell", "stdlib:gru", "--data", text(dir).toString(),
                "--bidirectional", "--checkpoint", dir.resolve("m.safetensors").toString());
        assertEquals(Exit.USAGE, lm.status(), lm.err());
        assertTrue(lm.err().contains("--bidirectional with --task lm: the model predicts each step from the ones before, "
                + "and a backward direction would read the very values it predicts"), lm.err());
        Path csv = dir.resolve("series.csv");
        StringBuilder rows = new StringBuilder("t,value\n");
        for (int i = 0; i < 40; i++) {
            rows.append(i).append(',').append(Math.sin(i / 5.0)).append('\n');
        }
        Files.writeString(csv, rows);
        TrainCommandTest.Result regress = rnnc("train", "--cell", "stdlib:gru", "--task", "regress", "--data",
                csv.toString(), "--bidirectional", "--checkpoint", dir.resolve("r.safetensors").toString());
        assertEquals(Exit.USAGE, regress.status(), regress.err());
        assertTrue(regress.err().contains("--bidirectional with --task regress"), regress.err());
    }
}
