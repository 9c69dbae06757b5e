package io.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.RnncException;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A step that meets a NaN stops with an {@link RnncException} whose advice is in the API's terms. */
class NonFiniteExceptionTest {
    /** One parameter, trained on gradients given to {@link Trainer#apply}. */
    private static final class OneParameter implements Learner {
        final Tensor w = new Tensor(new int[] {2}, new double[] {1, 2});

        @Override
        public Map<String, Tensor> parameters() {
            return Map.of("W", w);
        }

        @Override
        public void reseedDropout(long seed, long step, int[] places) {
        }

        @Override
        public Gradients gradients(Batch batch, States initial, Reduction reduction) {
            throw new UnsupportedOperationException("the test gives the gradients to Trainer.apply");
        }

        @Override
        public double loss(Batch batch, States initial, Reduction reduction) {
            throw new UnsupportedOperationException("the test gives the loss to Trainer.apply");
        }
    }

    @Test
    void aNaNLossIsAnRnncExceptionThatNamesSettingsNotOptions() {
        OneParameter model = new OneParameter();
        Trainer trainer = new Trainer(model, Optimizers.sgd(0), LearningRates.constant(0.1), Trainer.Settings.defaults());
        Map<String, Tensor> grads = Map.of("W", new Tensor(new int[] {2}, new double[] {Double.NaN, 0}));
        NonFiniteException nonFinite = assertThrows(NonFiniteException.class,
                () -> trainer.apply(new Learner.Gradients(Double.NaN, grads, States.zero())));
        RnncException e = nonFinite; // caught by a caller's one catch of RnncException
        assertEquals(1, nonFinite.step());
        assertTrue(nonFinite.parametersIntact());
        assertArrayEquals(new double[] {1, 2}, model.w.data(), "nothing was updated");
        assertEquals(Remedy.STABLER_TRAINING, e.remedy());
        assertEquals("step 1: the loss is NaN (the first parameter whose gradient is not finite is `W`)", e.problem());
        assertEquals(e.problem() + "; " + Remedy.STABLER_TRAINING.advice(), e.getMessage());
        assertTrue(e.getMessage().contains("Trainer.Settings.withSkipNonFinite(true)"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), e.getMessage());
    }
}
