package io.rnnc.spark;

import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Losses;
import io.rnnc.runtime.train.StepSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.apache.spark.TaskContext;

/**
 * An executor's side of a step: a model of the run, compiled here once and kept for later
 * steps (one per task running at the same time, since a model is not shared between threads),
 * given the step's parameters, runs forward and backward on the partition's share of the batch.
 */
final class Replica {
    /** Idle models by run; only the newest run's are kept. */
    private static final Map<String, Queue<Learner>> IDLE = new ConcurrentHashMap<>();

    private Replica() {
    }

    /** Partition {@code shard}'s part of step {@code step}'s loss and gradients, weighted by its share's loss divisor. */
    static GradientPart compute(TrainingJob job, long step, Map<String, TensorData> parameters, Shard shard,
                                Supplier<Map<Integer, Map<String, TensorData>>> carried) {
        Queue<Learner> idle = idle(job);
        Learner model = idle.poll();
        if (model == null) {
            // As many threads as Spark gives the task (spark.task.cpus): an executor's tasks share its cores.
            TaskContext task = TaskContext.get();
            model = job.build(0, task == null ? 1 : task.cpus());
        }
        try {
            Map<String, Tensor> live = model.parameters();
            parameters.forEach((name, value) -> System.arraycopy(value.data(), 0, live.get(name).data(), 0,
                    value.data().length));
            // The driver's order: another JVM may list a model's parameters in another.
            List<String> names = new ArrayList<>(parameters.keySet());
            Share share = shard.work(step, carried);
            if (share == null) {
                return GradientPart.none(shard.partition(), shard.carried(),
                        names.stream().mapToInt(n -> parameters.get(n).data().length).toArray());
            }
            StepSource.Work work = share.work();
            model.reseedDropout(job.seed(), step, share.places());
            Learner.Gradients g = model.gradients(work.batch(), work.initial(), job.reduction());
            shard.finished(step, g.finalStates());
            return GradientPart.of(shard.partition(), Losses.divisor(work.batch(), job.reduction()), g, names,
                    shard.carried(), work.batch().size());
        } finally {
            idle.add(model);
        }
    }

    private static Queue<Learner> idle(TrainingJob job) {
        if (!IDLE.containsKey(job.id())) {
            IDLE.keySet().removeIf(other -> !other.equals(job.id()));
        }
        return IDLE.computeIfAbsent(job.id(), id -> new ConcurrentLinkedQueue<>());
    }
}
