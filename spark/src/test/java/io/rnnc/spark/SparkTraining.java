package io.rnnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.cli.Main;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Runs of `rnnc train` on one machine and on Spark, and how far apart their parameters end. */
final class SparkTraining {
    /** The genesis sample's text, a real text small enough for tests. */
    static final Path GENESIS = Path.of("..", "samples", "data", "genesis.txt");

    private SparkTraining() {
    }

    /** What a command printed and returned. */
    record Result(int status, String out, String err) {
    }

    /** `rnnc train` on one machine. */
    static Result rnnc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(Stream.concat(Stream.of("train"), Stream.of(args)).toArray(String[]::new),
                new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    /** The Spark command. */
    static Result spark(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SparkTrain.run(args.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    /** The saved parameters. */
    static Map<String, Tensor> parameters(Path checkpoint) {
        return Checkpoint.load(checkpoint).parameters();
    }

    /** The largest difference between two runs' parameters, which must have the same names and shapes. */
    static double maxDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        double max = 0;
        for (String name : a.keySet()) {
            double[] x = a.get(name).data();
            double[] y = b.get(name).data();
            assertEquals(x.length, y.length, name);
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }
}
