package io.rnnc.runtime.init;

import io.rnnc.runtime.tensor.Tensor;

/** The shape requirements of the initializers that treat a tensor as a matrix. */
final class Shapes {
    private Shapes() {
    }

    /** Refuses a tensor of rank below 2. */
    static void requireMatrixLike(Tensor t, String rule) {
        if (t.rank() < 2) {
            throw new IllegalArgumentException(rule + " needs a tensor of rank 2 or more, but the tensor has shape "
                    + t.shapeString());
        }
    }

    /**
     * The fan-in and fan-out as torch.nn.init computes them: columns and rows of a matrix, each
     * multiplied by the product of any further dimensions.
     *
     * @return {@code {fanIn, fanOut}}
     */
    static long[] fans(Tensor t, String rule) {
        requireMatrixLike(t, rule);
        long receptiveField = 1;
        for (int i = 2; i < t.rank(); i++) {
            receptiveField *= t.dim(i);
        }
        return new long[] {t.dim(1) * receptiveField, t.dim(0) * receptiveField};
    }
}
