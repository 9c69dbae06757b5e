package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.io.DType;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `FILE:CELL` names one cell of a file that holds several, on every command that takes a cell. */
class CellRefTest {
    private static final String TWO_CELLS = """
            cell Elman {
              h_t = tanh(W x_t + U h_{t-1} + b)
            }
            cell Minimal {
              f_t = σ(W_f x_t + U_f h_{t-1} + b_f)
              h_t = (1 - f_t) * h_{t-1} + f_t * tanh(W_h x_t + U_h (f_t * h_{t-1}) + b_h)
            }
            """;

    @Test
    void everyCommandTakesOneCellOfAFile(@TempDir Path dir) throws Exception {
        Path cells = dir.resolve("cells.rnn");
        Files.writeString(cells, TWO_CELLS);
        String minimal = cells + ":Minimal";

        TrainCommandTest.Result show = rnnc("show", minimal);
        assertEquals(0, show.status(), show.err());
        assertTrue(show.out().startsWith("cell Minimal") && !show.out().contains("Elman"), show.out());

        TrainCommandTest.Result grad = rnnc("gradcheck", minimal);
        assertEquals(0, grad.status(), grad.out() + grad.err());
        assertTrue(grad.out().startsWith("gradcheck Minimal"), grad.out());

        TrainCommandTest.Result bench = rnnc("bench", "--cell", minimal, "--input", "4", "--hidden", "4", "--steps", "3",
                "--batch", "2", "--warmup", "0", "--warmup-seconds", "0", "--repeat", "1");
        assertEquals(0, bench.status(), bench.err());
        assertTrue(bench.out().startsWith("cell=Minimal"), bench.out());

        Path data = dir.resolve("text.txt");
        Files.writeString(data, "abcabcabd ".repeat(30));
        Path ckpt = dir.resolve("m.safetensors");
        TrainCommandTest.Result train = rnnc("train", "--cell", cells + ":Elman", "--data", data.toString(), "--hidden",
                "4", "--max-steps", "2", "--steps", "5", "--batch", "2", "--sample", "0", "--checkpoint", ckpt.toString());
        assertEquals(0, train.status(), train.err());
        assertTrue(train.out().startsWith("training Elman"), train.out());
        assertEquals("Elman", Checkpoint.load(ckpt).cellName());

        Path input = dir.resolve("case.safetensors");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("x", Tensor.zeros(2, 1, 3));
        t.put("W", Tensor.zeros(4, 3));
        t.put("U", Tensor.zeros(4, 4));
        t.put("b", Tensor.zeros(4));
        Safetensors.write(input, t, Map.of(), DType.F64);
        TrainCommandTest.Result run = rnnc("run", "--cell", cells + ":Elman", "--input", input.toString(), "--out",
                dir.resolve("out.safetensors").toString());
        assertEquals(0, run.status(), run.err());

        Path out = dir.resolve("classes");
        TrainCommandTest.Result compiled = rnnc("compile", minimal, "-o", out.toString(), "--hidden", "4", "--input", "4");
        assertEquals(0, compiled.status(), compiled.err());
    }

    @Test
    void aFileOfSeveralCellsNeedsAName(@TempDir Path dir) throws Exception {
        Path cells = dir.resolve("cells.rnn");
        Files.writeString(cells, TWO_CELLS);
        TrainCommandTest.Result r = rnnc("gradcheck", cells.toString());
        assertEquals(Exit.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().contains("holds 2 cells (Elman, Minimal); name one as " + cells + ":Elman"), r.err());
        TrainCommandTest.Result unknown = rnnc("gradcheck", cells + ":GRU");
        assertEquals(Exit.BAD_INPUT, unknown.status(), unknown.err());
        assertTrue(unknown.err().contains("cells.rnn: has no cell `GRU`; it holds Elman, Minimal"), unknown.err());
        assertFalse(unknown.err().contains("Exception"), unknown.err());
    }
}
