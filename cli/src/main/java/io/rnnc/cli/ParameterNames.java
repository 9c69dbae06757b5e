package io.rnnc.cli;

import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.layer.Recurrent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How parameters are named in files (DESIGN §5): a cell's own names for one layer in one
 * direction (`W_f`); with several layers or directions the suffix PyTorch uses (`W_f_l1`,
 * `W_f_l0_reverse`); and for the PyTorch-compatible stdlib cells PyTorch's own tensors
 * (`weight_ih_l0`), which stack the cell's per-gate parameters by rows.
 */
final class ParameterNames {
    private final List<String> cellParams;
    private final Map<String, List<String>> torch;
    private final boolean suffixed;

    /**
     * @param cellParams the cell's parameter names
     * @param torch the PyTorch layout when the file uses PyTorch's names, else null
     * @param suffixed whether names carry layer/direction suffixes
     */
    ParameterNames(List<String> cellParams, Map<String, List<String>> torch, boolean suffixed) {
        this.cellParams = cellParams;
        this.torch = torch;
        this.suffixed = suffixed;
    }

    /** The file-name suffix of a layer and direction. */
    String suffix(int layer, boolean reverse) {
        return torch != null || suffixed ? Recurrent.suffix(layer, reverse) : "";
    }

    /**
     * The parameters of one layer and direction, by the cell's names, read from the file's
     * tensors; throws a {@link UserError} naming what is missing.
     */
    Map<String, Tensor> read(Map<String, Tensor> file, int layer, boolean reverse, String fileName) {
        String sfx = suffix(layer, reverse);
        List<String> missing = (torch == null ? cellParams : List.copyOf(torch.keySet())).stream()
                .map(p -> p + sfx).filter(n -> !file.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new UserError(fileName + ": " + (missing.size() == 1 ? "parameter `" + missing.get(0) + "` is missing"
                    : "parameters " + String.join(", ", missing.stream().map(n -> "`" + n + "`").toList()) + " are missing"));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (torch == null) {
            for (String p : cellParams) {
                out.put(p, require(file, p + sfx, fileName).copy());
            }
            return out;
        }
        for (Map.Entry<String, List<String>> tensor : torch.entrySet()) {
            String base = tensor.getKey();
            Tensor stacked = require(file, base + sfx, fileName);
            List<String> parts = tensor.getValue();
            if (stacked.rank() == 0 || stacked.dim(0) % parts.size() != 0) {
                throw new UserError(fileName + ": `" + base + sfx + "` has shape " + stacked.shapeString()
                        + "; its rows must split into " + parts.size() + " equal blocks");
            }
            int rows = stacked.dim(0) / parts.size();
            int rowSize = stacked.size() / stacked.dim(0);
            for (int g = 0; g < parts.size(); g++) {
                int[] shape = stacked.shape();
                shape[0] = rows;
                double[] data = java.util.Arrays.copyOfRange(stacked.data(), g * rows * rowSize, (g + 1) * rows * rowSize);
                out.put(parts.get(g), new Tensor(shape, data));
            }
        }
        return out;
    }

    /** Gradients of one layer and direction under the file's names. */
    Map<String, Tensor> write(Map<String, Tensor> byCellName, int layer, boolean reverse) {
        String sfx = suffix(layer, reverse);
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (torch == null) {
            byCellName.forEach((p, t) -> out.put(p + sfx, t));
            return out;
        }
        torch.forEach((base, parts) -> out.put(base + sfx, Tensor.stackRows(parts.stream().map(byCellName::get).toList())));
        return out;
    }


    private static Tensor require(Map<String, Tensor> file, String name, String fileName) {
        Tensor t = file.get(name);
        if (t == null) {
            throw new UserError(fileName + ": parameter `" + name + "` is missing");
        }
        return t;
    }
}
