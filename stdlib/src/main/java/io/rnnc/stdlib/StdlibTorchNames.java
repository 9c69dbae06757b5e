package io.rnnc.stdlib;

import io.rnnc.compiler.model.TorchNames;
import java.util.List;
import java.util.Map;

/** The stdlib cells' PyTorch layouts, for checkpoints (found through {@link java.util.ServiceLoader}). */
public final class StdlibTorchNames implements TorchNames {
    @Override
    public Map<String, List<String>> layout(String cellRef) {
        return Stdlib.isStdlibRef(cellRef) ? TorchLayout.of(cellRef.substring(Stdlib.PREFIX.length())) : null;
    }
}
