package io.rnnc.spark;

import static io.rnnc.spark.SparkTraining.maxDifference;
import static io.rnnc.spark.SparkTraining.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A language model trained on a standalone cluster of a master and two workers, executors in
 * JVMs of their own that get rnnc only as the application's jars: it ends where one machine
 * ends, and so does a run whose executor is killed while it computes a step.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StandaloneClusterTest {
    private static final List<String> RUN = List.of("--cell", "stdlib:lstm", "--data",
            SparkTraining.GENESIS.toAbsolutePath().toString(), "--hidden", "8", "--batch", "4", "--steps", "10",
            "--bptt", "20", "--max-steps", "8", "--precision", "f64", "--lr", "0.01");

    @TempDir
    static Path dir;
    private static StandaloneCluster cluster;
    private static JavaSparkContext sc;
    private static Map<String, Tensor> oneMachine;

    @BeforeAll
    static void start() throws Exception {
        Path ckpt = dir.resolve("one.safetensors");
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of("--checkpoint", ckpt.toString(), "--sample", "0"));
        SparkTraining.Result r = SparkTraining.rnnc(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        oneMachine = parameters(ckpt);
        cluster = StandaloneCluster.start(dir, 2);
        sc = new JavaSparkContext(new SparkConf().setMaster(cluster.url()).setAppName("cluster test")
                .setJars(cluster.applicationJars().toArray(String[]::new))
                .set("spark.driver.host", "127.0.0.1").set("spark.ui.enabled", "false")
                .set("spark.executor.memory", "512m")
                .set("spark.executor.extraJavaOptions", String.join(" ", StandaloneCluster.JVM_OPTIONS)));
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void trainsAsOneMachineDoes() throws Exception {
        Map<String, Tensor> trained = train("cluster.safetensors");
        double d = maxDifference(oneMachine, trained);
        System.out.printf("standalone cluster, 2 executors: largest parameter difference %.3g%n", d);
        assertTrue(d < 1e-12, String.valueOf(d));
    }

    @Test
    void anExecutorKilledMidStepChangesNothing() throws Exception {
        Map<String, Tensor> whole = train("whole.safetensors");
        AtomicInteger tasks = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger removed = new AtomicInteger();
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart start) {
                // The thirteenth task: one of an early step's aggregation, after the data's jobs.
                if (tasks.incrementAndGet() > 12 && killed.compareAndSet(false, true)) {
                    cluster.executor(start.taskInfo().executorId()).ifPresent(ProcessHandle::destroyForcibly);
                }
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
                removed.incrementAndGet();
            }
        });
        Map<String, Tensor> survived = train("killed.safetensors");
        assertTrue(killed.get());
        assertTrue(removed.get() > 0, "no executor was lost");
        System.out.printf("an executor killed: %d removed; largest parameter difference from the whole run %.3g%n",
                removed.get(), maxDifference(whole, survived));
        assertEquals(0, maxDifference(whole, survived), "the same partitions sum the same bits");
    }

    private static Map<String, Tensor> train(String name) throws Exception {
        Path ckpt = dir.resolve(name);
        List<String> args = new ArrayList<>(RUN);
        args.addAll(List.of("--partitions", "2", "--checkpoint", ckpt.toString()));
        SparkTraining.Result r = SparkTraining.spark(args);
        assertEquals(0, r.status(), r.out() + r.err());
        return parameters(ckpt);
    }
}
