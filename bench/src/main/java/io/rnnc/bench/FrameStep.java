package io.rnnc.bench;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.FrameSequences;
import io.rnnc.runtime.data.Gestures;
import io.rnnc.runtime.layer.ConvBlock;
import io.rnnc.runtime.layer.FrameShape;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.stdlib.Stdlib;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Times one training step (forward, backward, Adam update) of the gesture sample's model, a
 * CNN (8:3x3,pool2 then 16:3x3,pool2, ReLU) on 24×24×1 frames before a GRU of 64 and a softmax
 * over 6 classes read at the last step, on B = 32 sequences of T = 13 frames, the same work
 * {@code torch_frames_step.py} times in PyTorch; prints {@code train_ms=…} last.
 * Usage: FrameStep [B T]
 */
public final class FrameStep {
    private FrameStep() {
    }

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 13;
        FrameShape frames = FrameShape.parse("24x24x1");
        List<ConvBlock> blocks = List.of(ConvBlock.parse("8:3x3,pool2"), ConvBlock.parse("16:3x3,pool2"));
        ModelSpec spec = new ModelSpec(frames.size(), 64, 1, false, 0, false, 0,
                ModelSpec.FrontEnd.NONE.withFrames(frames, blocks), Model.Head.SOFTMAX, 6, Pooling.LAST, Backend.JVM,
                false);
        Model model = Models.build(Stdlib.cell("gru"), spec, 1);
        Trainer trainer = new Trainer(model, Optimizers.named("adam", 0, 0), LearningRates.constant(1e-4),
                Trainer.Settings.defaults().withSeed(1));
        Gestures.Settings fixed = new Gestures.Settings(24, steps, steps, 0.15, 1);
        FrameSequences data = Gestures.generate(batch, fixed, 1);
        Batch b = data.dataset().batch(IntStream.range(0, batch).toArray());
        // As rnnc bench: at least 30 iterations and 3 s of warm-up, which the JIT needs, then 10 timed.
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        for (int i = 0; i < 30 || System.nanoTime() < warmEnd; i++) {
            trainer.step(b, States.zero());
        }
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t = System.nanoTime();
            trainer.step(b, States.zero());
            times.add((System.nanoTime() - t) / 1e6);
        }
        Collections.sort(times);
        System.out.printf("rnnc frames B=%d T=%d, %s%n", batch, steps, Blas.get().name());
        System.out.printf("train_ms=%.2f%n", (times.get(4) + times.get(5)) / 2);
    }
}
