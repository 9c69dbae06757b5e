package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.model.MemoryEstimate;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.GradientCheck;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc gradcheck`: the derived backward pass against central finite differences in float64,
 * on every parameter, the input and the initial states. The last sequence of the batch is
 * shorter than the others, so masking is checked too.
 */
@Command(name = "gradcheck", description = "Check a cell's derived gradients against finite differences in float64.")
final class GradcheckCommand implements Callable<Integer> {
    /** Worst relative error accepted for gradients computed in float64. */
    static final double TOLERANCE = 1e-6;
    /** The same for gradients computed in float32 (the PyTorch cases' tolerance in float32). */
    static final double TOLERANCE_F32 = 1e-4;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .rnn file, FILE:CELL for one of its cells, or stdlib:NAME.")
    String file;

    @Option(names = "--hidden", defaultValue = "4", description = "Hidden size H (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--input", defaultValue = "3", description = "Input size X (default ${DEFAULT-VALUE}).")
    int input;

    @Option(names = "--steps", defaultValue = "5", description = "Sequence length T (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch", defaultValue = "2", description = "Batch size B (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--size", paramLabel = "NAME=N", description = "Value of a size parameter (default 3).")
    Map<String, Integer> sizeParams = new HashMap<>();

    @Option(names = "--backend", defaultValue = "interp", description = "interp, jvm or opencl (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--precision", description = "f64 (default) or f32 (default for opencl): in f32 the backend's "
            + "gradients are checked against float64 finite differences of the reference interpreter, to 1e-4.")
    String precision;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (hidden < 1 || input < 1 || steps < 1 || batch < 1) {
            throw new UsageError("--hidden, --input, --steps and --batch must be at least 1");
        }
        TypedCell cell = CellSources.checkedCell(file, spec.commandLine().getErr());
        CellProgram program = CellProgram.of(cell);
        Map<String, Integer> sizes = cell.sizes(hidden, input,
                SizeParameters.resolve(cell, sizeParams, 3, "gradcheck's default", spec.commandLine().getErr()), 3);
        Random rng = new Random(seed);
        Backend kind = Options.backend(backend);
        boolean float64 = Options.float64(precision != null ? precision : kind == Backend.OPENCL ? "f32" : "f64");
        MemoryEstimate.layer(cell, sizes).requireTraining(" (hidden size " + hidden + ", " + input + " inputs)", steps,
                batch);
        Map<String, Tensor> params = program.randomParameters(sizes, rng, 0.8);
        WorkerPool pool = WorkerPool.ofAvailableProcessors();
        Layers factory = new Layers(kind, -1, spec.commandLine().getErr(), pool);
        RecurrentLayer layer = factory.layer(program, sizes, params, float64);
        RecurrentLayer reference = float64 ? layer : new Layers(Backend.INTERP, -1, spec.commandLine().getErr(), pool)
                .layer(program, sizes, params, true);
        double tolerance = float64 ? TOLERANCE : TOLERANCE_F32;
        int[] lengths = new int[batch];
        java.util.Arrays.fill(lengths, steps);
        if (batch > 1 && steps > 1) {
            lengths[batch - 1] = steps - 1;
        }
        Map<String, double[][]> initial = new LinkedHashMap<>();
        for (String s : layer.stateNames()) {
            initial.put(s, RandomArrays.matrix(batch, layer.stateSize(s), 0.5, rng));
        }
        double[][][] x = RandomArrays.sequence(steps, batch, layer.inputSize(), rng);
        Map<String, Double> report = new GradientCheck(layer, reference, x, lengths, initial, rng, 1e-4).run();
        double worst = 0;
        int width = report.keySet().stream().mapToInt(String::length).max().orElse(1);
        out.printf("gradcheck %s: H=%d X=%d T=%d B=%d seed=%d, %s gradients on %s%s%n", cell.name(), hidden, input,
                steps, batch, seed, float64 ? "float64" : "float32", factory.used().name().toLowerCase(java.util.Locale.ROOT),
                float64 ? "" : " against float64 finite differences of the interpreter");
        for (Map.Entry<String, Double> e : report.entrySet()) {
            boolean bad = !(e.getValue() <= tolerance);
            out.printf("  %-" + width + "s  %.2e%s%n", e.getKey(), e.getValue(), bad ? "  EXCEEDS " + tolerance : "");
            worst = Math.max(worst, Double.isNaN(e.getValue()) ? Double.POSITIVE_INFINITY : e.getValue());
        }
        boolean ok = worst <= tolerance;
        out.printf("worst %.2e: %s%n", worst, ok ? "ok" : "FAILED");
        out.flush();
        return ok ? Exit.OK : Exit.CHECK_FAILED;
    }
}
