package io.rnnc.spark;

import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Synchronous data-parallel training: every step the driver broadcasts the parameters, each
 * partition computes the loss and gradients of its share of the global batch on its executor,
 * {@code treeAggregate} sums them over a fixed tree (see {@link PairwiseSum}), and the driver
 * clips and updates as one machine does. Executors keep nothing the driver cannot send again:
 * a lost one's partitions are built again from the files, and its carried states are read from
 * the driver's copy of the step before.
 */
final class DataParallelTraining {
    private final JavaSparkContext sc;
    private final TrainingJob job;
    private final JavaRDD<Shard> shards;
    private final int partitions;
    private final int depth;
    private final Trainer trainer;
    private Map<Integer, Map<String, TensorData>> carried;

    /**
     * @param shards the partitions' data, one shard a partition, cached by the caller
     * @param depth the depth of Spark's aggregation tree
     * @param trainer the driver's trainer, whose model holds the parameters
     * @param carried what the partitions carried at the trainer's step (empty at the start)
     */
    DataParallelTraining(JavaSparkContext sc, TrainingJob job, JavaRDD<Shard> shards, int depth, Trainer trainer,
                         Map<Integer, Map<String, TensorData>> carried) {
        this.sc = sc;
        this.job = job;
        this.shards = shards;
        this.partitions = shards.getNumPartitions();
        this.depth = depth;
        this.trainer = trainer;
        this.carried = carried;
    }

    /**
     * Trains from the trainer's step to {@code total}, or until {@code stop} says so before a step.
     *
     * @return whether every step ran
     */
    boolean run(long total, TrainingLoop.Listener listener, BooleanSupplier stop) {
        Learner model = trainer.model();
        List<String> names = new ArrayList<>(model.parameters().keySet());
        List<int[]> shapes = model.parameters().values().stream().map(Tensor::shape).toList();
        while (trainer.steps() < total) {
            if (stop.getAsBoolean()) {
                return false;
            }
            long step = trainer.steps();
            Broadcast<Map<String, TensorData>> parameters = sc.broadcast(TensorData.all(model.parameters()));
            Broadcast<Map<Integer, Map<String, TensorData>>> before = sc.broadcast(carried);
            TrainingJob j = job;
            GradientPart sum = shards.treeAggregate(new PairwiseSum(partitions),
                    (acc, shard) -> acc.with(shard.partition(),
                            Replica.compute(j, step, parameters.value(), shard, before::value)),
                    PairwiseSum::merge, depth).total();
            parameters.destroy();
            before.destroy();
            carried = sum.carried();
            Trainer.StepResult result = trainer.apply(sum.mean(names, shapes));
            listener.stepped(trainer.steps(), result, sum.sequences());
        }
        return true;
    }

    /** What the partitions carry now. */
    Map<Integer, Map<String, TensorData>> carried() {
        return carried;
    }

    /**
     * The driver's view of the partitions' data, as a checkpoint saves it: the steps of an
     * epoch and the states carried; the batches themselves are only on the executors.
     */
    StepSource view(int stepsPerEpoch) {
        return new StepSource() {
            @Override
            public int stepsPerEpoch() {
                return stepsPerEpoch;
            }

            @Override
            public Work work(long step) {
                throw new UnsupportedOperationException("the batches of a run on Spark are on its executors");
            }

            @Override
            public void finished(long step, States finalStates) {
            }

            @Override
            public Map<String, Tensor> carried() {
                return StreamStates.join(carried);
            }

            @Override
            public void restore(Map<String, Tensor> states) {
                throw new UnsupportedOperationException("a run on Spark restores its states when it starts");
            }
        };
    }

    /** A listener that prints a progress line every {@code every} steps and at the last, with the rate since the line before. */
    static TrainingLoop.Listener progress(PrintWriter out, long total, long every, int batch) {
        long[] last = {System.nanoTime(), -1};
        return (step, result, sequences) -> {
            if (last[1] < 0) {
                last[1] = step - 1;
            }
            if (step % every == 0 || step == total) {
                long now = System.nanoTime();
                out.printf("step %d/%d: loss %.4f, gradient norm %.3g, %.1f sequences/s%n", step, total, result.loss(),
                        result.gradientNorm(), (step - last[1]) * batch / ((now - last[0]) / 1e9));
                out.flush();
                last[0] = now;
                last[1] = step;
            }
        };
    }
}
