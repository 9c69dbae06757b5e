package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.FrameSequences;
import io.rnnc.runtime.data.Gestures;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.layer.ConvBlock;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A CNN→GRU learns the gestures, whose classes no model of single frames can tell apart beyond
 * their pairs (50% at best): reading the frames in order is what solves them.
 */
class FrameLearningTest {

    @Test
    void aCnnGruTellsGesturesBeyondWhatSingleFramesCan() throws Exception {
        Gestures.Settings small = new Gestures.Settings(12, 6, 8, 0.1, 1);
        FrameSequences train = Gestures.generate(360, small, 1);
        SequenceDataset test = Gestures.generate(120, small, 2).dataset();
        ModelSpec spec = new ModelSpec(train.shape().size(), 16, 1, false, 0, false, 0,
                ModelSpec.FrontEnd.NONE.withFrames(train.shape(), List.of(ConvBlock.parse("6:3x3,pool2"))),
                Model.Head.SOFTMAX, 6, Pooling.LAST, Backend.JVM, false);
        Model model = Models.build(Stdlib.cell("gru"), spec, 3);
        Trainer trainer = new Trainer(model, Optimizers.adam(), LearningRates.constant(0.01),
                Trainer.Settings.defaults().withClipNorm(5).withSeed(3));
        ShuffledBatches batches = new ShuffledBatches(train.dataset(), 16, 3);
        for (long step = 0; step < 8L * batches.stepsPerEpoch(); step++) {
            StepSource.Work w = batches.work(step);
            trainer.step(w.batch(), w.initial());
        }
        int correct = 0;
        for (Batch b : ShuffledBatches.inOrder(test, 60)) {
            double[][] logits = model.forward(b, States.zero(), false).sequences();
            int[] truth = ((Targets.SequenceClasses) b.targets()).ids();
            for (int i = 0; i < truth.length; i++) {
                correct += Sampler.argmax(logits[i]) == truth[i] ? 1 : 0;
            }
        }
        double accuracy = correct / 120.0;
        assertTrue(accuracy > 0.8, "held-out accuracy " + accuracy + " beyond the 0.5 that single frames allow");
    }
}
