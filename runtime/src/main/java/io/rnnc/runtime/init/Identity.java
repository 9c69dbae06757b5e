package io.rnnc.runtime.init;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * {@code scale} on the leading diagonal of a matrix and zero elsewhere; a rectangular matrix gets
 * {@code min(rows, cols)} ones. With a recurrent weight this is the IRNN start of Le et al.
 */
final class Identity implements Initializer {

    private final double scale;

    Identity(double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("an identity initializer needs a finite scale, not " + scale);
        }
        this.scale = scale;
    }

    @Override
    public void fill(Tensor t, Random rng) {
        if (t.rank() != 2) {
            throw new IllegalArgumentException("identity needs a matrix (rank 2), but the tensor has shape "
                    + t.shapeString());
        }
        Arrays.fill(t.data(), 0);
        for (int i = 0; i < Math.min(t.dim(0), t.dim(1)); i++) {
            t.set(scale, i, i);
        }
    }

    @Override
    public String name() {
        return scale == 1 ? "identity" : "identity:" + scale;
    }
}
