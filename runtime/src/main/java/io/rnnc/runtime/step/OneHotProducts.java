package io.rnnc.runtime.step;

import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The products that multiply a one-hot input: M·x is the column of M at the token, so a step
 * that reads tokens copies that column (kept as a row of Mᵀ, contiguous) instead of
 * multiplying. For a character model this is the whole input projection.
 */
final class OneHotProducts {
    private final List<CellPlan.ProductPlan> handled = new ArrayList<>();
    /** For each handled product, op(M)ᵀ row-major: row k is the product's output for token k. */
    private final List<Object> byToken = new ArrayList<>();
    private final int[] offsets;

    /**
     * @param products candidate products; those reading the whole input row are handled
     * @param offsets the stepper's buffer offsets
     */
    OneHotProducts(CellPlan plan, CellPlan.ProductPlan[] products, int[] offsets, Map<String, Tensor> params) {
        this.offsets = offsets;
        for (CellPlan.ProductPlan p : products) {
            CellPlan.SlotPlan in = p.in();
            boolean readsX = plan.inputArray() >= 0 && plan.buffers().get(in.buffer()).array() == plan.inputArray()
                    && plan.buffers().get(in.buffer()).shift() == 0 && in.offset() == 0 && in.width() == plan.inputSize()
                    && in.stride() == plan.inputSize();
            if (!readsX) {
                continue;
            }
            CellPlan.MatrixPlan m = plan.matrices().get(p.matrix());
            double[] dense = PackedMatrices.dense(m, params);
            // op(M) = Mᵀ is M stored [in][out]: already a row per token.
            double[] rows = p.transposed() ? dense : PackedMatrices.transpose(dense, m.rows(), m.cols());
            handled.add(p);
            byToken.add(plan.f64() ? rows : floats(rows));
        }
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** Whether {@link #pick} computes this product. */
    boolean handles(CellPlan.ProductPlan p) {
        for (CellPlan.ProductPlan h : handled) {
            if (h == p) {
                return true;
            }
        }
        return false;
    }

    /** Writes each handled product's output rows for the tokens. */
    void pick(int[] tokens, Object[] arrays, List<CellPlan.BufferPlan> buffers, int batch) {
        for (int i = 0; i < handled.size(); i++) {
            CellPlan.SlotPlan out = handled.get(i).out();
            Object into = arrays[buffers.get(out.buffer()).array()];
            Object table = byToken.get(i);
            int w = out.width();
            for (int b = 0; b < batch; b++) {
                System.arraycopy(table, tokens[b] * w, into, offsets[out.buffer()] + b * out.stride() + out.offset(), w);
            }
        }
    }
}
