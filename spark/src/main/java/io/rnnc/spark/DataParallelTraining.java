package io.rnnc.spark;

import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Trainer;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    /** Hears about every finished step. */
    interface Listener {
        /** @param step steps finished so far */
        void stepped(long step, Trainer.StepResult result);
    }

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

    /** Trains from the trainer's step to {@code total}. */
    void run(long total, Listener listener) {
        Learner model = trainer.model();
        List<String> names = new ArrayList<>(model.parameters().keySet());
        List<int[]> shapes = model.parameters().values().stream().map(Tensor::shape).toList();
        while (trainer.steps() < total) {
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
            listener.stepped(trainer.steps(), result);
        }
    }

    /** What the partitions carry now. */
    Map<Integer, Map<String, TensorData>> carried() {
        return carried;
    }

    /** A listener that prints a progress line every {@code every} steps and at the last, with the rate since the line before. */
    static Listener progress(PrintWriter out, long total, long every, int batch) {
        long[] last = {System.nanoTime(), -1};
        return (step, result) -> {
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
