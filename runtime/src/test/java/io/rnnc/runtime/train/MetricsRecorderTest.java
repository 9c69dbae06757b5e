package io.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's record: lines at the cadence asked, training values averaged between lines, evaluations where due. */
class MetricsRecorderTest {
    /** One parameter w and the loss (w − 3)², whatever the batch. */
    private static final class Quadratic implements Learner {
        final Tensor w = Tensor.zeros(1);

        @Override
        public Map<String, Tensor> parameters() {
            return Map.of("w", w);
        }

        @Override
        public void reseedDropout(long seed, long step, int[] places) {
        }

        @Override
        public Gradients gradients(Batch batch, States initial, Reduction reduction) {
            double d = w.data()[0] - 3;
            return new Gradients(d * d, Map.of("w", new Tensor(new int[] {1}, new double[] {2 * d})), States.zero());
        }

        @Override
        public double loss(Batch batch, States initial, Reduction reduction) {
            double d = w.data()[0] - 3;
            return d * d;
        }
    }

    /** Two batches an epoch, each of two sequences. */
    private static final class TwoBatches implements StepSource {
        @Override
        public int stepsPerEpoch() {
            return 2;
        }

        @Override
        public Work work(long step) {
            return new Work(new Batch(new double[1][2][1], new int[] {1, 1}, null), States.zero());
        }

        @Override
        public void finished(long step, States finalStates) {
        }

        @Override
        public Map<String, Tensor> carried() {
            return Map.of();
        }

        @Override
        public void restore(Map<String, Tensor> carried) {
        }
    }

    @Test
    void linesAtTheirStepsWithEvaluationsWhereDue(@TempDir Path dir) throws Exception {
        Quadratic model = new Quadratic();
        Trainer trainer = new Trainer(model, Optimizers.named("sgd", 0, 0), LearningRates.step(0.1, 4, 0.5),
                Trainer.Settings.defaults().withSeed(1));
        List<Long> evaluated = new ArrayList<>();
        Path file = dir.resolve("m.metrics.jsonl");
        List<Double> losses = new ArrayList<>();
        try (MetricsLog.Appender out = MetricsLog.create(file)) {
            MetricsRecorder r = new MetricsRecorder(trainer, out, new MetricsRecorder.Settings(2, 3, 7, 2, List.of("w")),
                    () -> new Metrics(Map.of("loss", model.loss(null, null, null), "w", model.w.data()[0])),
                    (step, m) -> evaluated.add(step), 10.0);
            TrainingLoop.run(trainer, new TwoBatches(), 7, (step, result, n) -> {
                losses.add(result.loss());
                r.stepped(step, result, n);
            }, () -> trainer.steps() >= 5);
            assertEquals(List.of(3L), evaluated);
            r.finish(5);
            assertEquals(List.of(3L, 5L), evaluated, "a run stopped early is evaluated where it stopped");
            assertTrue(r.medianStepMillis() >= 0);
        }
        List<LoggedStep> lines = MetricsLog.read(file);
        assertEquals(List.of(2L, 3L, 4L, 5L), lines.stream().map(LoggedStep::step).toList());
        LoggedStep two = lines.get(0);
        assertEquals((losses.get(0) + losses.get(1)) / 2, two.get(MetricsLog.TRAIN_LOSS).getAsDouble(), 1e-15);
        assertEquals(1, two.get(MetricsLog.EPOCH).getAsDouble());
        assertEquals(0.1, two.get(MetricsLog.LR).getAsDouble(), "the rate of step 2's update");
        assertFalse(two.get(MetricsLog.EVAL_LOSS).isPresent());
        LoggedStep three = lines.get(1);
        assertEquals(losses.get(2), three.get(MetricsLog.TRAIN_LOSS).getAsDouble(), 1e-15);
        assertEquals(2, three.get(MetricsLog.EPOCH).getAsDouble());
        assertTrue(three.get(MetricsLog.EVAL_LOSS).isPresent() && three.get("w").isPresent());
        assertEquals(0.05, lines.get(3).get(MetricsLog.LR).getAsDouble(), "halved after 4 steps");
        assertTrue(lines.get(3).get(MetricsLog.EVAL_LOSS).isPresent());
        assertTrue(three.get(MetricsLog.WALL_S).getAsDouble() >= 10, "a resumed run's wall time goes on from its offset");
        assertTrue(two.get(MetricsLog.GRAD_NORM).getAsDouble() > 0 && two.get(MetricsLog.SEQ_PER_S).getAsDouble() > 0);
    }
}
