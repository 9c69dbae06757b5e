package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.SizeInference;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.engine.StackedRnn;
import io.rnnc.runtime.io.DType;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.io.SafetensorsException;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.tensor.Tensors;
import io.rnnc.stdlib.Stdlib;
import io.rnnc.stdlib.TorchLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc run`: the file interface of DESIGN §5. Reads parameters, input, initial states and
 * upstream gradients from a safetensors file; writes outputs, final states and the gradients
 * of {@code Σ y·dy + Σ sn·dsn} w.r.t. the input, initial states and every parameter.
 */
@Command(name = "run", description = "Run a cell forward and backward on tensors from a safetensors file.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cell", required = true, paramLabel = "FILE[:CELL]|stdlib:NAME",
            description = "The cell: a .rnn file, FILE:CELL for one of its cells, or stdlib:NAME.")
    String cell;

    @Option(names = "--input", required = true, paramLabel = "CASE", description = "safetensors file with parameters, x, initial states, dy, d<state>n.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "OUT", description = "safetensors file to write.")
    Path out;

    @Option(names = "--layers", defaultValue = "1", description = "Stacked layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--bidirectional", description = "Run each layer in both directions.")
    boolean bidirectional;

    @Option(names = "--size", paramLabel = "NAME=N",
            description = "The value of a size parameter the tensors' shapes do not tell.")
    Map<String, Integer> sizeParams = new HashMap<>();

    @Option(names = "--device", defaultValue = "-1", paramLabel = "N",
            description = "OpenCL device number from `rnnc devices` (default: the first GPU, else the first device).")
    int device;

    @Option(names = "--backend", defaultValue = "interp", description = "interp, jvm or opencl (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--precision", description = "f32 or f64 (default: f64, f32 on opencl).")
    String precision;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (layers < 1) {
            throw new UsageError("--layers must be at least 1");
        }
        Backend kind = Options.backend(backend);
        boolean float64 = Options.float64(precision != null ? precision : kind == Backend.OPENCL ? "f32" : "f64");
        Layers factory = new Layers(kind, device, err, threads.pool());
        TypedCell typed = CellSources.checkedCell(cell, err);
        SizeParameters.check(typed, sizeParams);
        CellProgram program = CellProgram.of(typed);
        String fileName = input.toString();
        Map<String, Tensor> file = read(fileName);
        int directions = bidirectional ? 2 : 1;
        ParameterNames names = names(typed, file);
        Tensor x = require(file, "x", 3, fileName);
        int steps = x.dim(0);
        int batch = x.dim(1);
        int[] lengths = lengths(file, steps, batch, fileName);
        List<List<RecurrentLayer>> stack = new ArrayList<>();
        List<List<Map<String, Tensor>>> grads = new ArrayList<>();
        Set<String> used = new HashSet<>(List.of("x", "lengths", "dy"));
        int inputSize = x.dim(2);
        for (int l = 0; l < layers; l++) {
            List<RecurrentLayer> dirs = new ArrayList<>();
            List<Map<String, Tensor>> dirGrads = new ArrayList<>();
            for (int d = 0; d < directions; d++) {
                Map<String, Tensor> params = names.read(file, l, d == 1, fileName);
                used.addAll(names.write(params, l, d == 1).keySet());
                Map<String, Integer> sizes = sizes(typed, params, inputSize, file, fileName, sizeParams);
                dirs.add(factory.layer(program, sizes, params, float64));
                Map<String, Tensor> g = new LinkedHashMap<>();
                params.forEach((p, t) -> g.put(p, Tensor.zeros(t.shape())));
                dirGrads.add(g);
            }
            inputSize = dirs.stream().mapToInt(RecurrentLayer::outputSize).sum();
            stack.add(dirs);
            grads.add(dirGrads);
        }
        StackedRnn rnn = new StackedRnn(stack);
        List<String> states = stack.get(0).get(0).stateNames();
        // What run writes (y, hn, …) may be there too: reference cases hold the expected results.
        states.forEach(st -> used.addAll(List.of(st + "0", "d" + st + "n", st + "n")));
        used.add("y");
        // What run writes (grad_…) may be there as well.
        UnusedTensors.refuse(fileName, file.keySet().stream().filter(n -> !used.contains(n) && !n.startsWith("grad_"))
                .sorted().toList(), UnusedTensors.layers(layers, bidirectional, typed.name()), layers, bidirectional);
        Map<String, double[][][]> initial = new HashMap<>();
        Map<String, double[][][]> dFinal = new HashMap<>();
        int slots = layers * directions;
        for (String s : states) {
            int size = stack.get(0).get(0).stateSize(s);
            optional(file, s + "0", new int[] {slots, batch, size}, fileName).ifPresent(t -> initial.put(s, Tensors.toArray3(t)));
            optional(file, "d" + s + "n", new int[] {slots, batch, size}, fileName).ifPresent(t -> dFinal.put(s, Tensors.toArray3(t)));
        }
        StackedRnn.Forward f = rnn.forward(Tensors.toArray3(x), lengths, initial);
        int outSize = inputSize;
        double[][][] dy = optional(file, "dy", new int[] {steps, batch, outSize}, fileName)
                .map(Tensors::toArray3).orElseGet(() -> new double[steps][batch][outSize]);
        StackedRnn.Backward b = rnn.backward(f, dy, dFinal, grads);

        Map<String, Tensor> result = new LinkedHashMap<>();
        result.put("y", Tensors.fromArray3(f.y(), outSize));
        for (String s : states) {
            int size = stack.get(0).get(0).stateSize(s);
            result.put(s + "n", Tensors.fromArray3(f.finalStates().get(s), size));
            result.put("grad_" + s + "0", Tensors.fromArray3(b.dInitial().get(s), size));
        }
        result.put("grad_x", Tensors.fromArray3(b.dx(), x.dim(2)));
        for (int l = 0; l < layers; l++) {
            for (int d = 0; d < directions; d++) {
                names.write(grads.get(l).get(d), l, d == 1).forEach((n, t) -> result.put("grad_" + n, t));
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("cell", cell);
        meta.put("backend", factory.used().name().toLowerCase(java.util.Locale.ROOT));
        meta.put("precision", float64 ? "f64" : "f32");
        Safetensors.write(out, result, meta, float64 ? DType.F64 : DType.F32);
        return Exit.OK;
    }

    private static Map<String, Tensor> read(String fileName) {
        try {
            return Safetensors.read(Path.of(fileName)).tensors();
        } catch (SafetensorsException e) {
            throw new UserError(e.getMessage());
        }
    }

    private ParameterNames names(TypedCell typed, Map<String, Tensor> file) {
        List<String> params = typed.params().stream().map(TypedCell.Param::name).toList();
        Map<String, List<String>> torch = null;
        if (Stdlib.isStdlibRef(cell) && file.containsKey("weight_ih_l0")) {
            torch = TorchLayout.of(cell.substring(Stdlib.PREFIX.length()));
        }
        return new ParameterNames(params, torch, layers > 1 || bidirectional);
    }

    private static Map<String, Integer> sizes(TypedCell typed, Map<String, Tensor> params, int inputSize,
                                              Map<String, Tensor> file, String fileName, Map<String, Integer> given) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        params.forEach((n, t) -> shapes.put(n, t.shape()));
        Map<String, Integer> known = new HashMap<>(given);
        known.put(TypedCell.INPUT, inputSize);
        for (TypedCell.State s : typed.states()) {
            Tensor init = file.get(s.name() + "0");
            Map<String, Integer> terms = s.size().terms();
            // An initial state tells the size it is: H for most, P for the projection LSTM's h.
            if (init != null && init.rank() == 3 && s.size().constant() == 0 && terms.size() == 1
                    && terms.values().iterator().next() == 1) {
                known.putIfAbsent(terms.keySet().iterator().next(), init.dim(2));
            }
        }
        Map<String, Integer> sizes;
        try {
            sizes = SizeInference.solve(typed, shapes, known);
        } catch (SizeInference.Mismatch e) {
            throw new UserError(fileName + ": " + e.getMessage());
        }
        int needed = typed.inputSize().evaluate(sizes);
        if (needed != inputSize) {
            throw new UserError(fileName + ": the input has " + inputSize + " features but the cell needs "
                    + typed.inputSize() + " = " + needed);
        }
        return sizes;
    }

    private static Tensor require(Map<String, Tensor> file, String name, int rank, String fileName) {
        Tensor t = file.get(name);
        if (t == null) {
            throw new UserError(fileName + ": tensor `" + name + "` is missing");
        }
        if (t.rank() != rank) {
            throw new UserError(fileName + ": `" + name + "` has shape " + t.shapeString() + "; it needs " + rank + " dimensions");
        }
        return t;
    }

    private static java.util.Optional<Tensor> optional(Map<String, Tensor> file, String name, int[] shape, String fileName) {
        Tensor t = file.get(name);
        if (t == null) {
            return java.util.Optional.empty();
        }
        if (!java.util.Arrays.equals(t.shape(), shape)) {
            throw new UserError(fileName + ": `" + name + "` has shape " + t.shapeString() + " but should be "
                    + java.util.Arrays.toString(shape));
        }
        return java.util.Optional.of(t);
    }

    private static int[] lengths(Map<String, Tensor> file, int steps, int batch, String fileName) {
        Tensor t = file.get("lengths");
        int[] lengths = new int[batch];
        if (t == null) {
            java.util.Arrays.fill(lengths, steps);
            return lengths;
        }
        if (t.rank() != 1 || t.dim(0) != batch) {
            throw new UserError(fileName + ": `lengths` has shape " + t.shapeString() + " but should be [" + batch + "]");
        }
        for (int b = 0; b < batch; b++) {
            double v = t.data()[b];
            if (v != Math.rint(v) || v < 0 || v > steps) {
                throw new UserError(fileName + ": `lengths` holds " + v + "; each length is a whole number from 0 to " + steps);
            }
            lengths[b] = (int) v;
        }
        return lengths;
    }
}
