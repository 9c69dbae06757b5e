package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.GradientCheck;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.tensor.RandomArrays;
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
@Command(name = "gradcheck", description = "Check a cell's derived gradients against finite differences (float64).")
final class GradcheckCommand implements Callable<Integer> {
    /** Worst relative error accepted. */
    static final double TOLERANCE = 1e-6;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .rnn file or stdlib:NAME.")
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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (hidden < 1 || input < 1 || steps < 1 || batch < 1) {
            throw new UserError("--hidden, --input, --steps and --batch must be at least 1");
        }
        TypedCell cell = CellSources.checkedCell(file, spec.commandLine().getErr());
        CellProgram program = CellProgram.of(cell);
        Map<String, Integer> sizes = new HashMap<>(Map.of(TypedCell.HIDDEN, hidden, TypedCell.INPUT, input));
        for (String s : cell.sizeParams()) {
            sizes.put(s, sizeParams.getOrDefault(s, 3));
        }
        Random rng = new Random(seed);
        RecurrentLayer layer;
        if (Options.backend(backend) == Backend.OPENCL) {
            throw new UserError("gradcheck compares with float64 finite differences and the opencl backend computes in "
                    + "float32; compare it with the jvm backend through `rnnc run --precision f32` instead");
        }
        layer = new Layers(Options.backend(backend), -1, spec.commandLine().getErr())
                .layer(program, sizes, program.randomParameters(sizes, rng, 0.8), true);
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
        Map<String, Double> report = new GradientCheck(layer, x, lengths, initial, rng, 1e-4).run();
        double worst = 0;
        int width = report.keySet().stream().mapToInt(String::length).max().orElse(1);
        out.printf("gradcheck %s: H=%d X=%d T=%d B=%d seed=%d%n", cell.name(), hidden, input, steps, batch, seed);
        for (Map.Entry<String, Double> e : report.entrySet()) {
            boolean bad = !(e.getValue() <= TOLERANCE);
            out.printf("  %-" + width + "s  %.2e%s%n", e.getKey(), e.getValue(), bad ? "  EXCEEDS " + TOLERANCE : "");
            worst = Math.max(worst, Double.isNaN(e.getValue()) ? Double.POSITIVE_INFINITY : e.getValue());
        }
        boolean ok = worst <= TOLERANCE;
        out.printf("worst %.2e: %s%n", worst, ok ? "ok" : "FAILED");
        out.flush();
        return ok ? 0 : 1;
    }
}
