package io.rnnc.bench;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.source.Source;
import io.rnnc.runtime.engine.RecurrentLayer;
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
 * (b) X=H=256, T=100, B=64; (c) X=H=512, T=50, B=64; (e) X=H=512, T=100, B=64.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CellBenchmarks {
    @Param({"stdlib:lstm", "stdlib:gru", "stdlib:rnn_tanh", "peephole_lstm", "mut1"})
    public String cell;

    @Param({"a", "b", "c", "e"})
    public String config;

    private RecurrentLayer layer;
    private Map<String, Tensor> params;
    private double[][][] x;
    private double[][][] dy;
    private int[] lengths;

    @Setup
    public void setup() throws IOException {
        int[] c = switch (config) {
            case "a" -> new int[] {128, 100, 32};
            case "b" -> new int[] {256, 100, 64};
            case "c" -> new int[] {512, 50, 64};
            default -> new int[] {512, 100, 64};
        };
        TypedCell typed = Frontend.check(source(cell)).cells().get(0);
        Map<String, Integer> sizes = Map.of("H", c[0], "X", c[0]);
        Random rng = new Random(0);
        params = CellProgram.of(typed).randomParameters(sizes, rng, 0.1);
        layer = new JvmLayer(CompiledCell.compile(CellProgram.grouped(typed), sizes, false), params);
        x = RandomArrays.sequence(c[1], c[2], layer.inputSize(), rng);
        dy = RandomArrays.sequence(c[1], c[2], layer.outputSize(), rng);
        lengths = new int[c[2]];
        Arrays.fill(lengths, c[1]);
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
        Map<String, Tensor> grads = new HashMap<>();
        layer.backward(f, dy, Map.of(), grads);
        params.forEach((name, p) -> {
            double[] g = grads.get(name).data();
            double[] w = p.data();
            for (int i = 0; i < w.length; i++) {
                w[i] -= 1e-4 * g[i];
            }
        });
        return grads;
    }
}
