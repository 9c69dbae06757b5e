package io.rnnc.runtime.kernels;

/**
 * A generated fused region: computes its nodes for batch rows [b0, b1). {@code bufs} is a
 * {@code float[][]} (float32 code) or {@code double[][]} (float64 code): buffer k is
 * {@code bufs[k]}, and {@code offs[k]} is where the rows being computed start in it.
 */
public interface Kernel {
    /** Runs the region for rows b0 (inclusive) to b1 (exclusive). */
    void run(Object bufs, int[] offs, int b0, int b1);
}
