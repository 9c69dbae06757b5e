package io.rnnc.bench;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.source.Source;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.layer.SoftmaxHead;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.stdlib.Stdlib;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Forward and training-step (forward, backward, SGD update) times of compiled cells on the JVM
 * backend in float32, at the README's configurations: (a) X=H=128, T=100, B=32;
 * (b) X=H=256, T=100, B=64; (c) X=H=512, T=50, B=64; (d) one-hot inputs of 65 characters,
 * H=256, T=100, B=32, with a softmax cross-entropy head (the training step includes it);
 * (e) X=H=512, T=100, B=64.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CellBenchmarks {
    @Param({"stdlib:lstm", "stdlib:gru", "stdlib:rnn_tanh", "peephole_lstm", "mut1"})
    public String cell;

    @Param({"a", "b", "c", "d", "e"})
    public String config;

    private RecurrentLayer layer;
    private Map<String, Tensor> params;
    private double[][][] x;
    private double[][][] dy;
    private int[] lengths;
    private SoftmaxHead head;
    /** The gradients, kept and zeroed at each step as PyTorch's optimizer.zero_grad() does. */
    private final Map<String, Tensor> grads = new HashMap<>();
    private int[][] targets;
    private static final int VOCAB = 65;

    @Setup
    public void setup() throws IOException {
        int[] c = switch (config) {
            case "a" -> new int[] {128, 100, 32};
            case "b" -> new int[] {256, 100, 64};
            case "c" -> new int[] {512, 50, 64};
            case "d" -> new int[] {256, 100, 32};
            default -> new int[] {512, 100, 64};
        };
        TypedCell typed = Frontend.check(source(cell)).cells().get(0);
        boolean oneHot = config.equals("d");
        Map<String, Integer> sizes = Map.of("H", c[0], "X", oneHot ? VOCAB : c[0]);
        Random rng = new Random(0);
        params = CellProgram.of(typed).randomParameters(sizes, rng, 0.1);
        layer = new JvmLayer(CompiledCell.compile(CellProgram.grouped(typed), sizes, false), params);
        // A model's first layer: its input is data, and no input gradient is computed.
        layer.setInputGradients(false);
        x = oneHot ? oneHot(c[1], c[2], rng) : RandomArrays.sequence(c[1], c[2], layer.inputSize(), rng);
        if (oneHot) {
            head = new SoftmaxHead(VOCAB, layer.outputSize(), rng);
            targets = new int[c[1]][c[2]];
            for (int[] row : targets) {
                for (int b = 0; b < row.length; b++) {
                    row[b] = rng.nextInt(VOCAB);
                }
            }
        }
        dy = RandomArrays.sequence(c[1], c[2], layer.outputSize(), rng);
        lengths = new int[c[2]];
        Arrays.fill(lengths, c[1]);
    }

    private static double[][][] oneHot(int steps, int batch, Random rng) {
        double[][][] v = new double[steps][batch][VOCAB];
        for (double[][] step : v) {
            for (double[] row : step) {
                row[rng.nextInt(VOCAB)] = 1;
            }
        }
        return v;
    }

    private static Source source(String cell) throws IOException {
        if (cell.startsWith(Stdlib.PREFIX)) {
            return Stdlib.source(cell.substring(Stdlib.PREFIX.length()));
        }
        try (InputStream in = CellBenchmarks.class.getResourceAsStream("/cells/" + cell + ".rnn")) {
            return Source.fromBytes(cell + ".rnn", in.readAllBytes());
        }
    }

    @Benchmark
    public RecurrentLayer.Forward forward() {
        return layer.forward(x, lengths, Map.of());
    }

    @Benchmark
    public Map<String, Tensor> trainStep() {
        RecurrentLayer.Forward f = layer.forward(x, lengths, Map.of());
        grads.values().forEach(g -> java.util.Arrays.fill(g.data(), 0));
        if (head != null) {
            // With a head, dy (unused otherwise) receives the head's gradient: no T·B new rows a step.
            SoftmaxHead.Result r = head.lossAndGradients(f.y(), targets, lengths, dy);
            layer.backward(f, r.dy(), Map.of(), grads);
            sgd(head.parameters(), r.grads());
        } else {
            layer.backward(f, dy, Map.of(), grads);
        }
        sgd(params, grads);
        return grads;
    }

    private static void sgd(Map<String, Tensor> weights, Map<String, Tensor> grads) {
        weights.forEach((name, p) -> {
            double[] g = grads.get(name).data();
            double[] w = p.data();
            for (int i = 0; i < w.length; i++) {
                w[i] -= 1e-4 * g[i];
            }
        });
    }
}
