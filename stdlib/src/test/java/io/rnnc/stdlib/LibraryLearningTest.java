package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.Trainer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stdlib cell learns: trained on a small task that needs memory (say at each step
 * whether the input one step back was positive), its loss on held-out sequences falls well
 * below where it starts, in a few dozen steps. On the reference interpreter, which needs no
 * classes generated and compiled for each cell; the compiled backends compute what it
 * computes (LibraryNumbersTest), and give the same losses here to three digits.
 */
class LibraryLearningTest {
    private static final int HIDDEN = 8;
    private static final int FEATURES = 3;
    private static final int STEPS = 8;
    private static final int TRAINING_STEPS = 60;

    static List<String> cells() {
        return Stdlib.names();
    }

    @ParameterizedTest
    @MethodSource("cells")
    void trainingLowersTheLoss(String name) {
        TypedCell cell = Stdlib.cell(name);
        // A cell that adds its input to a state (SRU's highway, MUT1's tanh(x_t)) reads H features.
        int input = cell.inputSize().evaluate(Map.of(TypedCell.HIDDEN, HIDDEN, TypedCell.INPUT, FEATURES));
        Model model = Models.build(cell, ModelSpec.tagger(input, HIDDEN, 2).on(Backend.INTERP, true), 1);
        Trainer trainer = new Trainer(model, Optimizers.adam(), LearningRates.constant(0.03),
                Trainer.Settings.defaults().withClipNorm(1.0).withSeed(1));
        Batch heldOut = previousSign(64, input, new Random(2));
        double before = trainer.evaluate(heldOut, States.zero());
        Random data = new Random(3);
        for (int step = 0; step < TRAINING_STEPS; step++) {
            trainer.step(previousSign(16, input, data), States.zero());
        }
        double after = trainer.evaluate(heldOut, States.zero());
        assertTrue(after < 0.8 * before, name + ": held-out loss " + before + " before training, " + after + " after");
    }

    /** Random ±1 inputs; the class at step t is whether the first input at t − 1 was positive (0 at t = 0). */
    private static Batch previousSign(int batch, int width, Random r) {
        double[][][] x = new double[STEPS][batch][width];
        int[][] ids = new int[STEPS][batch];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = STEPS;
            for (int t = 0; t < STEPS; t++) {
                for (int i = 0; i < width; i++) {
                    x[t][b][i] = r.nextBoolean() ? 1 : -1;
                }
                ids[t][b] = t > 0 && x[t - 1][b][0] > 0 ? 1 : 0;
            }
        }
        return new Batch(x, lengths, new Targets.StepClasses(ids));
    }
}
