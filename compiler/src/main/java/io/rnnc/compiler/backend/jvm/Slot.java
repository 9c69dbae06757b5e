package io.rnnc.compiler.backend.jvm;

/**
 * Where a node's values live for a generated kernel: element i of batch row b is
 * {@code bufs[buffer][offs[buffer] + b·stride + offset + i]}. A stride of 0 is a value shared
 * by every row (a parameter).
 *
 * @param buffer index into the kernel's buffer array
 * @param stride elements between consecutive batch rows
 * @param offset elements before the node's first element within a row (for slices)
 */
public record Slot(int buffer, int stride, int offset) {
    /** The same storage seen from {@code more} elements further along the row. */
    public Slot shifted(int more) {
        return new Slot(buffer, stride, offset + more);
    }
}
