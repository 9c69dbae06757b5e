package io.rnnc.compiler.model;

import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;

/** A model's recurrent parameters under PyTorch's names, for the cells PyTorch has, as checkpoints store them. */
final class TorchTensors {
    private TorchTensors() {
    }

    /**
     * PyTorch's tensors ({@code weight_ih_l0}, …) of every recurrent layer and direction of
     * {@code run}'s model; empty where the cell is not one PyTorch has, or the parameters are not
     * a plain stack of layers (an encoder-decoder's).
     */
    static Map<String, Tensor> of(RunConfig run, Map<String, Tensor> parameters) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, List<String>> layout = run.cell() == null ? null : layout(run.cell());
        if (layout == null) {
            return out;
        }
        ModelSpec spec = run.model();
        for (int k = 0; k < spec.layers(); k++) {
            for (boolean reverse : spec.bidirectional() ? new boolean[] {false, true} : new boolean[] {false}) {
                String suffix = Recurrent.suffix(k, reverse);
                for (Map.Entry<String, List<String>> tensor : layout.entrySet()) {
                    List<Tensor> blocks = tensor.getValue().stream().map(p -> parameters.get(p + suffix)).toList();
                    if (blocks.contains(null)) {
                        return Map.of();
                    }
                    out.put(tensor.getKey() + suffix, Tensor.stackRows(blocks));
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> layout(String cellRef) {
        return ServiceLoader.load(TorchNames.class).stream().map(p -> p.get().layout(cellRef))
                .filter(Objects::nonNull).findFirst().orElse(null);
    }
}
