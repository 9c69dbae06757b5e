package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Cells;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.InvalidCellException;
import io.rnnc.compiler.model.InvalidCheckpointException;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.RnncException;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java API as a program uses it: a model saved and loaded again predicts the same, the
 * checkpoint holds PyTorch's tensors, cells are picked by name, and every error is an
 * {@link RnncException} that says what to change in the API's terms.
 */
class LibraryApiTest {
    private static final String TWO_CELLS = """
            cell Elman {
              h_t = tanh(W x_t + U h_{t-1} + b)
            }
            cell Relu {
              h_t = relu(W x_t + U h_{t-1} + b)
            }
            """;

    @Test
    void aSavedModelLoadsAndPredictsTheSameWithPyTorchsTensorsBeside(@TempDir Path dir) throws Exception {
        TypedCell cell = Stdlib.cell("lstm");
        ModelSpec spec = ModelSpec.tagger(3, 4, 2).withLayers(2).withBidirectional(true);
        SequenceDataset data = data();
        Path file = dir.resolve("model.safetensors");
        double[][][] trained;
        try (Model model = Models.build(cell, spec, 5)) {
            Trainer trainer = new Trainer(model, Optimizers.adam(), LearningRates.constant(0.01),
                    Trainer.Settings.defaults().withSeed(5));
            ShuffledBatches batches = new ShuffledBatches(data, 4, 5);
            TrainingLoop.run(trainer, batches, 3);
            trained = model.forward(batch(data), States.zero(), false).steps();
            Checkpoint.of(cell, spec, trainer, batches, Map.of()).save(file);
        }
        Checkpoint saved = Checkpoint.load(file);
        assertEquals("stdlib:lstm", saved.run().cell());
        try (Model loaded = saved.model()) {
            assertArrayEquals(trained, loaded.forward(batch(data), States.zero(), false).steps());
        }

        Map<String, Tensor> tensors = Safetensors.read(file).tensors();
        for (String suffix : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
            Tensor weightIh = tensors.get("torch.weight_ih" + suffix);
            Tensor stacked = Tensor.stackRows(List.of(tensors.get("W_ii" + suffix), tensors.get("W_if" + suffix),
                    tensors.get("W_ig" + suffix), tensors.get("W_io" + suffix)));
            assertArrayEquals(stacked.shape(), weightIh.shape(), suffix);
            assertArrayEquals(stacked.data(), weightIh.data(), suffix);
        }
        assertEquals(16, tensors.keySet().stream().filter(k -> k.startsWith("torch.")).count(),
                "four tensors for each of two layers in two directions");
    }

    @Test
    void aCellIsPickedByNameFromASourceOfSeveral() {
        assertEquals("Relu", Cells.parse(TWO_CELLS, "Relu").name());
        InvalidCellException unnamed = assertThrows(InvalidCellException.class, () -> Cells.parse(TWO_CELLS));
        assertTrue(unnamed.getMessage().contains("holds 2 cells (Elman, Relu); name one of them"), unnamed.getMessage());
        InvalidCellException missing = assertThrows(InvalidCellException.class, () -> Cells.parse(TWO_CELLS, "GRU"));
        assertTrue(missing.getMessage().contains("has no cell `GRU`; it holds Elman, Relu"), missing.getMessage());
        InvalidCellException wrong = assertThrows(InvalidCellException.class, () -> Cells.parse("h_t = tanh(W x_t"));
        assertTrue(wrong.getMessage().contains("error:"), wrong.getMessage());
    }

    @Test
    void everyErrorIsAnRnncExceptionInTheApisTerms(@TempDir Path dir) throws Exception {
        BackendUnavailableException precision = assertThrows(BackendUnavailableException.class, () -> Models.build(
                Stdlib.cell("gru"), ModelSpec.tagger(3, 4, 2).withBackend(Backend.INTERP), 1));
        assertEquals(Remedy.FLOAT64, precision.remedy());
        assertEquals("the reference interpreter computes in float64; build the model in float64 "
                + "(ModelSpec.withFloat64(true))", precision.getMessage());
        assertFalse(precision.getMessage().contains("--"), "no command-line options in the library's messages");

        Path notACheckpoint = Files.writeString(dir.resolve("notes.safetensors"), "hello");
        RnncException invalid = assertThrows(RnncException.class, () -> Checkpoint.load(notACheckpoint));
        assertInstanceOf(InvalidCheckpointException.class, invalid);
        assertTrue(invalid.getMessage().startsWith(notACheckpoint.toString()), invalid.getMessage());
        assertInstanceOf(RnncException.class, assertThrows(InvalidCellException.class, () -> Cells.parse("x")));
    }

    private static SequenceDataset data() {
        Random rng = new Random(3);
        List<double[][]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            double[][] s = new double[4][3];
            int[] ids = new int[4];
            for (int t = 0; t < 4; t++) {
                s[t][rng.nextInt(3)] = 1;
                ids[t] = rng.nextInt(2);
            }
            x.add(s);
            y.add(ids);
        }
        return SequenceDataset.stepClasses(x, y);
    }

    private static Batch batch(SequenceDataset data) {
        return data.batch(new int[] {0, 1, 2});
    }
}
