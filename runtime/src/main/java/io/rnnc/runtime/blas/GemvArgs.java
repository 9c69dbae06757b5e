package io.rnnc.runtime.blas;

/** Bounds checks of a matrix–vector product, before a native library reads or writes anything. */
final class GemvArgs {
    private GemvArgs() {
    }

    /** Checks that x and y hold the values op(A)·x reads and writes from their offsets. */
    static void check(boolean trans, Blas.Resident a, int xLength, int xOffset, int yLength, int yOffset) {
        int reads = trans ? a.rows() : a.cols();
        int writes = trans ? a.cols() : a.rows();
        if (xOffset < 0 || xOffset + (long) reads > xLength) {
            throw new IndexOutOfBoundsException("x: " + reads + " values from " + xOffset + " lie outside its "
                    + xLength);
        }
        if (yOffset < 0 || yOffset + (long) writes > yLength) {
            throw new IndexOutOfBoundsException("y: " + writes + " values from " + yOffset + " lie outside its "
                    + yLength);
        }
    }
}
