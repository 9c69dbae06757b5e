package io.rnnc.compiler.model;

import java.util.List;
import java.util.Map;

/**
 * PyTorch's names for the parameters of the cells PyTorch has: each PyTorch tensor stacks some
 * of the cell's parameters by rows. The stdlib provides its layouts through
 * {@link java.util.ServiceLoader}, so that checkpoints write PyTorch's tensors without the
 * compiler knowing the stdlib.
 */
public interface TorchNames {
    /**
     * For the cell named {@code cellRef} ({@code stdlib:lstm}), each PyTorch tensor without its
     * layer suffix ({@code weight_ih}) and the cell's parameters stacked in it, in PyTorch's
     * order; null for a cell PyTorch does not have.
     */
    Map<String, List<String>> layout(String cellRef);
}
