package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.model.MemoryEstimate;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.SoftmaxHead;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc bench`: times a training step (forward, backward, SGD update; with `--vocab`, one-hot
 * inputs and a softmax cross-entropy head) and a forward pass on random data after a warm-up,
 * and prints the medians last as `train_ms=… forward_ms=…`. The layer is a model's first: its
 * input is data, so the backward pass computes no input gradient (as in a training run).
 */
@Command(name = "bench", description = "Time a training step and a forward pass of a cell on random data.")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cell", required = true, paramLabel = "FILE[:CELL]|stdlib:NAME",
            description = "The cell: a .rnn file, FILE:CELL for one of its cells, or stdlib:NAME.")
    String cell;

    @Option(names = "--input", defaultValue = "128", description = "Input size X (default ${DEFAULT-VALUE}).")
    int input;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden size H (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--steps", defaultValue = "100", description = "Sequence length T (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size B (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--size", paramLabel = "NAME=N", description = "The value of one of the cell's size parameters (default: H).")
    Map<String, Integer> sizeParams = new HashMap<>();

    @Option(names = "--vocab", defaultValue = "0",
            description = "Vocabulary V: one-hot inputs of size V and a softmax cross-entropy head (0: random inputs, given dy).")
    int vocab;

    @Option(names = "--device", defaultValue = "-1", paramLabel = "N",
            description = "OpenCL device number from `rnnc devices` (default: the first GPU, else the first device).")
    int device;

    @Option(names = "--backend", defaultValue = "jvm", description = "interp, jvm or opencl (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--precision", defaultValue = "f32", description = "f32 or f64 (default ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--warmup", defaultValue = "30",
            description = "Untimed iterations first; the JIT compiles the kernels and the head within about 25 (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "3", paramLabel = "S",
            description = "Warm up for at least this long too: where a step takes milliseconds, the JIT's "
                    + "compilations take longer than the iterations (default ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = "--repeat", defaultValue = "10", description = "Timed iterations (default ${DEFAULT-VALUE}).")
    int repeat;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--generate",
            description = "Time text generation instead: a character model of --vocab tokens at batch 1, tokens per second.")
    boolean generate;

    @Option(names = "--layers", defaultValue = "1", description = "Stacked layers of the generating model (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--tokens", defaultValue = "2000",
            description = "Tokens per timed round of --generate; the rounds are --repeat (default ${DEFAULT-VALUE}).")
    int tokens;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (generate) {
            return generate(out);
        }
        if (input < 1 || hidden < 1 || steps < 1 || batch < 1 || repeat < 1 || warmup < 0 || warmupSeconds < 0) {
            throw new UsageError("sizes and --repeat must be at least 1, --warmup and --warmup-seconds at least 0");
        }
        WorkerPool pool = threads.pool();
        TypedCell typed = CellSources.checkedCell(cell, spec.commandLine().getErr());
        if (vocab > 0) {
            input = vocab;
        }
        Map<String, Integer> sizes = typed.sizes(hidden, input,
                SizeParameters.resolve(typed, sizeParams, hidden, "the hidden size", spec.commandLine().getErr()), hidden);
        CellProgram program = CellProgram.of(typed);
        Random rng = new Random(0);
        MemoryEstimate.layer(typed, sizes).requireTraining(" (hidden size " + hidden + ", " + input + " inputs)", steps,
                batch);
        Map<String, Tensor> params = program.randomParameters(sizes, rng, 0.1);
        long compileStart = System.nanoTime();
        Layers factory = new Layers(Options.backend(backend), device, spec.commandLine().getErr(), pool);
        RecurrentLayer layer = factory.layer(program, sizes, params, Options.float64(precision));
        String ran = factory.used().name().toLowerCase(java.util.Locale.ROOT);
        double compileMs = (System.nanoTime() - compileStart) / 1e6;
        layer.setInputGradients(false);
        double[][][] x = vocab > 0 ? oneHot(steps, batch, vocab, rng) : RandomArrays.sequence(steps, batch, layer.inputSize(), rng);
        double[][][] dy = RandomArrays.sequence(steps, batch, layer.outputSize(), rng);
        SoftmaxHead head = vocab > 0 ? new SoftmaxHead(vocab, layer.outputSize(), rng, pool) : null;
        int[][] targets = new int[steps][batch];
        for (int[] row : targets) {
            for (int b = 0; b < batch; b++) {
                row[b] = rng.nextInt(Math.max(vocab, 1));
            }
        }
        int[] lengths = new int[batch];
        Arrays.fill(lengths, steps);
        double[] train = new double[repeat];
        double[] forward = new double[repeat];
        // Kept and zeroed at each step, as PyTorch's optimizer.zero_grad() does.
        Map<String, Tensor> grads = new HashMap<>();
        long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = -warmup; i < repeat; i++) {
            if (i == 0 && System.nanoTime() < warmupEnd) {
                i = -1;
            }
            long t0 = System.nanoTime();
            RecurrentLayer.Forward f = layer.forward(x, lengths, Map.of());
            long t1 = System.nanoTime();
            grads.values().forEach(g -> Arrays.fill(g.data(), 0));
            if (head != null) {
                // With a head, dy (unused otherwise) receives the head's gradient: no T·B new rows a step.
                SoftmaxHead.Result r = head.lossAndGradients(f.y(), targets, lengths, dy);
                layer.backward(f, r.dy(), Map.of(), grads);
                sgd(head.parameters(), r.grads(), 1e-4);
            } else {
                layer.backward(f, dy, Map.of(), grads);
            }
            sgd(params, grads, 1e-4);
            long t2 = System.nanoTime();
            if (i >= 0) {
                forward[i] = (t1 - t0) / 1e6;
                train[i] = (t2 - t0) / 1e6;
            }
        }
        // The same work on any backend: what the JVM backend's schedule multiplies in one step.
        long flops = CompiledCell.compile(program.grouped(), sizes, false).gemmFlops(steps, batch, false);
        out.printf("cell=%s backend=%s precision=%s X=%d H=%d T=%d B=%d vocab=%d compile_ms=%.1f gemm_gflop=%.3f%n",
                typed.name(), ran, precision, input, hidden, steps, batch, vocab, compileMs, flops / 1e9);
        if ("jvm".equals(ran)) {
            out.println("blas: " + Blas.get().name());
        }
        out.println("threads: " + pool.threads() + (pool.parallelism() < pool.threads()
                ? ", " + pool.parallelism() + " at once (the JVM has " + WorkerPool.availableProcessors() + " processors)"
                : ""));
        if (layer instanceof JvmLayer jvm) {
            jvm.workSplit(steps, batch).forEach(line -> out.println("  " + line));
        }
        out.printf("train_ms=%.2f forward_ms=%.2f%n", median(train), median(forward));
        out.flush();
        return Exit.OK;
    }

    private int generate(PrintWriter out) {
        if (vocab < 1 || hidden < 1 || layers < 1 || tokens < 1 || repeat < 1 || warmupSeconds < 0) {
            throw new UsageError("--generate needs --vocab, --hidden, --layers, --tokens and --repeat of at least 1");
        }
        PrintWriter err = spec.commandLine().getErr();
        TypedCell typed = CellSources.checkedCell(cell, err);
        Map<String, Integer> sizes = SizeParameters.resolve(typed, sizeParams, hidden, "the hidden size", err);
        GenerateBench.run(new GenerateBench.Settings(typed, vocab, hidden, layers, Options.backend(backend),
                Options.float64(precision), sizes, tokens, repeat, warmupSeconds), out, err);
        return Exit.OK;
    }

    private static double[][][] oneHot(int steps, int batch, int vocab, Random rng) {
        double[][][] x = new double[steps][batch][vocab];
        for (double[][] step : x) {
            for (double[] row : step) {
                row[rng.nextInt(vocab)] = 1;
            }
        }
        return x;
    }

    private static void sgd(Map<String, Tensor> params, Map<String, Tensor> grads, double lr) {
        params.forEach((name, p) -> {
            double[] g = grads.get(name).data();
            double[] w = p.data();
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * g[i];
            }
        });
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
