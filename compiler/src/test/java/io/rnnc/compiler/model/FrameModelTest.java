package io.rnnc.compiler.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.FrameSequences;
import io.rnnc.runtime.data.Gestures;
import io.rnnc.runtime.layer.ConvBlock;
import io.rnnc.runtime.layer.FrameShape;
import io.rnnc.runtime.layer.FrameStack;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CNN/RNN model for image sequences: built from its spec, named stably, saved and loaded whole. */
class FrameModelTest {
    private static final FrameShape FRAMES = FrameShape.parse("12x12x1");
    private static final Gestures.Settings SMALL = new Gestures.Settings(12, 4, 6, 0.1, 1);

    private static ModelSpec spec() {
        List<ConvBlock> blocks = List.of(ConvBlock.parse("4:3x3,pool2"), ConvBlock.parse("6:3x3,pad1,pool2"));
        return new ModelSpec(FRAMES.size(), 8, 1, false, 0, false, 0, ModelSpec.FrontEnd.NONE.withFrames(FRAMES, blocks),
                Model.Head.SOFTMAX, 6, Pooling.LAST, Backend.JVM, true);
    }

    @Test
    void buildsTheFrameLayersBeforeTheCell() throws Exception {
        Model model = Models.build(TestCells.check(TestCells.GATED), spec(), 1);
        FrameStack frames = (FrameStack) model.layers().get(0);
        assertEquals(FRAMES, frames.inputShape());
        assertEquals(new FrameShape(2, 2, 6), frames.outputShape());
        assertTrue(model.parameters().keySet().containsAll(List.of("frames.conv1.weight", "frames.conv1.bias",
                "frames.conv2.weight", "frames.conv2.bias", "head.weight")), model.parameters().keySet().toString());
        assertEquals(FRAMES.size(), model.inputSize());
        Batch batch = Gestures.generate(3, SMALL, 1).dataset().batch(new int[] {0, 1, 2});
        assertEquals(3, model.forward(batch, States.zero(), false).sequences().length);
    }

    @Test
    void refusesFramesThatAreNotTheInput() {
        ModelSpec wrong = spec();
        ModelSpec spec = new ModelSpec(100, 8, 1, false, 0, false, 0, wrong.front(), Model.Head.SOFTMAX, 6,
                Pooling.LAST, Backend.JVM, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Models.build(TestCells.check(TestCells.GATED), spec, 1));
        assertEquals("frames of 12x12x1 hold 144 values, but the model's input has 100 a step", e.getMessage());
    }

    @Test
    void aCheckpointKeepsTheFrontEnd(@TempDir Path dir) throws Exception {
        TypedCell cell = TestCells.check(TestCells.GATED);
        ModelSpec spec = spec();
        Model model = Models.build(cell, spec, 2);
        FrameSequences data = Gestures.generate(16, SMALL, 2);
        ShuffledBatches batches = new ShuffledBatches(data.dataset(), 8, 3);
        Trainer trainer = new Trainer(model, Optimizers.adam(), LearningRates.constant(0.01),
                Trainer.Settings.defaults().withClipNorm(5).withSeed(3));
        trainer.step(batches.work(0).batch(), States.zero());
        Path file = dir.resolve("frames.safetensors");
        Checkpoint.of(cell, spec, trainer, batches, Map.of()).save(file);

        Checkpoint saved = Checkpoint.load(file);
        assertEquals(spec, saved.spec());
        Model again = saved.model();
        Batch batch = data.dataset().batch(new int[] {3, 4, 5});
        double[][] before = model.forward(batch, States.zero(), false).sequences();
        double[][] after = again.forward(batch, States.zero(), false).sequences();
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(before[i], after[i], "sequence " + i);
        }
    }
}
