package io.rnnc.cli;

import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.io.SafetensorsException;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.stdlib.Stdlib;
import io.rnnc.stdlib.TorchLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * `rnnc train --init-from FILE`: a new run that starts from the parameters in a safetensors
 * file instead of random ones. The file names them as rnnc does (a checkpoint, `W_hz_l0`,
 * `head.weight`) or, for the PyTorch-compatible stdlib cells, as PyTorch's `state_dict` does
 * (`weight_ih_l0`, …). By rnnc's names every parameter but the head's must be there; by
 * PyTorch's, those of the recurrent layers, and the rest (the head, a front end) are read by
 * rnnc's names where the file has them and start at random where not; every tensor with the
 * model's shape. A tensor the model would not use is an error, so that
 * nothing is dropped silently.
 */
final class InitFrom {
    /** What a checkpoint holds besides parameters. */
    private static final List<String> NOT_PARAMETERS = List.of("optim.", "carry.", "torch.");

    private InitFrom() {
    }

    /**
     * Copies the file's parameters into {@code model} and says in one line what came from it.
     *
     * @param spec the model's architecture
     * @param cellRef the cell as the run names it, for PyTorch's names of a stdlib cell
     */
    static void load(Path file, Learner model, ModelSpec spec, String cellRef, String cellName, PrintWriter out) {
        Map<String, Tensor> tensors = read(file);
        Map<String, List<String>> torch = cellRef != null && Stdlib.isStdlibRef(cellRef)
                ? TorchLayout.of(cellRef.substring(Stdlib.PREFIX.length())) : null;
        Map<String, Tensor> live = model.parameters();
        boolean torchNames = torch != null && model instanceof Model m && usesTorchNames(tensors, m, torch);
        Loaded loaded = torchNames ? fromTorch(tensors, (Model) model, torch, file) : fromRnnc(tensors, live, file);
        List<String> unused = tensors.keySet().stream().filter(n -> !loaded.tensors().contains(n))
                .filter(n -> NOT_PARAMETERS.stream().noneMatch(n::startsWith)).sorted().toList();
        UnusedTensors.refuse(file.toString(), unused, torchNames ? UnusedTensors.layers(spec.layers(),
                spec.bidirectional(), cellName) : "the model, whose parameters are " + quoted(List.copyOf(live.keySet())),
                spec.layers(), spec.bidirectional());
        List<String> random = live.keySet().stream().filter(n -> !loaded.parameters().contains(n)).toList();
        out.printf("initialised from %s: %d tensors%s%s%n", file, loaded.tensors().size(),
                torchNames ? " (PyTorch's names)" : "", random.isEmpty() ? "" : "; " + String.join(", ", random)
                        + " start at random");
    }

    /** Whether the file names the first layer's parameters as PyTorch does. */
    private static boolean usesTorchNames(Map<String, Tensor> tensors, Model model, Map<String, List<String>> torch) {
        Map<String, Tensor> byCell = model.recurrentLayers().get(0).directions().get(0).parameters();
        return new ParameterNames(List.copyOf(byCell.keySet()), torch, true).write(byCell, 0, false).keySet().stream()
                .anyMatch(tensors::containsKey);
    }

    /** The file's tensors that were read, and the model's parameters they filled. */
    private record Loaded(Set<String> tensors, Set<String> parameters) {
    }

    /** By rnnc's names: every parameter but the head's must be there. */
    private static Loaded fromRnnc(Map<String, Tensor> tensors, Map<String, Tensor> live, Path file) {
        Set<String> loaded = new HashSet<>();
        for (Map.Entry<String, Tensor> p : live.entrySet()) {
            Tensor given = tensors.get(p.getKey());
            if (given == null) {
                if (!p.getKey().startsWith("head.") && !p.getKey().contains(".head.")) {
                    throw new UserError(file + ": parameter `" + p.getKey() + "` is missing" + (tensors.containsKey(
                            "weight_ih_l0") ? " (PyTorch's names, `weight_ih_l0`, are read for the PyTorch-compatible "
                            + "stdlib cells only)" : ""));
                }
                continue;
            }
            copy(given, p.getValue(), p.getKey(), file);
            loaded.add(p.getKey());
        }
        return new Loaded(loaded, loaded);
    }

    /** By PyTorch's names, layer by layer and direction by direction, as `rnnc run` reads them. */
    private static Loaded fromTorch(Map<String, Tensor> tensors, Model model, Map<String, List<String>> torch, Path file) {
        Set<String> loaded = new HashSet<>();
        Set<String> filled = new HashSet<>();
        List<Recurrent> layers = model.recurrentLayers();
        for (int k = 0; k < layers.size(); k++) {
            List<RecurrentLayer> dirs = layers.get(k).directions();
            for (int d = 0; d < dirs.size(); d++) {
                Map<String, Tensor> byCell = dirs.get(d).parameters();
                ParameterNames names = new ParameterNames(List.copyOf(byCell.keySet()), torch, true);
                // The shapes PyTorch's tensors must have: the model's own, stacked as PyTorch stacks them.
                for (Map.Entry<String, Tensor> e : names.write(byCell, k, d == 1).entrySet()) {
                    Tensor given = tensors.get(e.getKey());
                    if (given == null) {
                        throw new UserError(file + ": tensor `" + e.getKey() + "` is missing");
                    }
                    checkShape(given, e.getValue(), e.getKey(), file);
                    loaded.add(e.getKey());
                }
                Map<String, Tensor> read = names.read(tensors, k, d == 1, file.toString());
                read.forEach((name, t) -> copy(t, byCell.get(name), name, file));
            }
            filled.addAll(layers.get(k).parameters().keySet());
        }
        for (Map.Entry<String, Tensor> p : model.parameters().entrySet()) {
            Tensor given = tensors.get(p.getKey());
            if (!filled.contains(p.getKey()) && given != null) {
                copy(given, p.getValue(), p.getKey(), file);
                loaded.add(p.getKey());
                filled.add(p.getKey());
            }
        }
        return new Loaded(loaded, filled);
    }

    private static void copy(Tensor from, Tensor to, String name, Path file) {
        checkShape(from, to, name, file);
        System.arraycopy(from.data(), 0, to.data(), 0, to.size());
    }

    private static void checkShape(Tensor given, Tensor needed, String name, Path file) {
        if (!Arrays.equals(given.shape(), needed.shape())) {
            throw new UserError(file + ": `" + name + "` has shape " + given.shapeString() + " but the model needs "
                    + needed.shapeString());
        }
    }

    private static Map<String, Tensor> read(Path file) {
        try {
            return new LinkedHashMap<>(Safetensors.read(file).tensors());
        } catch (SafetensorsException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static String quoted(List<String> names) {
        List<String> q = new ArrayList<>();
        names.forEach(n -> q.add("`" + n + "`"));
        return String.join(", ", q);
    }
}
