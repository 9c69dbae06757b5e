package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.compiler.ir.Node;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.kernels.ParallelRows;
import io.rnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The matrix products of a {@link JvmLayer} through the BLAS: a MATVEC node over a step's rows
 * (split by output columns over the cores when large), the weight gradients as one product
 * over all steps, and the sums over rows that give bias gradients.
 */
final class Products {
    /** Products smaller than this (in floating-point operations) are not split over the cores. */
    private static final long MIN_SPLIT_FLOPS = 8_000_000;

    private final CompiledCell cell;
    private final Map<String, Tensor> params;
    private final Blas blas;
    private final Precision p;
    private final List<Node> nodes;
    private final ParallelRows rowsParallel;
    private final SplitProduct split = new SplitProduct();
    /** Buffers that every training step needs again, kept from the first: a step allocates no large arrays. */
    private final Map<BackwardGraph.ParamGrad.Outer, Object> weightGradBuffers = new java.util.HashMap<>();
    private final Map<BackwardGraph.ParamGrad.Outer, double[]> denseGrads = new java.util.HashMap<>();
    /** Element access to each matrix, made once: it indexes every stacked row. */
    private final Map<Matrix, MatrixAccess> access = new java.util.HashMap<>();
    private Object ones;
    private int onesLength;
    /** Each MATVEC node's output and input widths, evaluated once: the time loop does no symbolic arithmetic. */
    private final int[] outWidth;
    private final int[] inWidth;

    Products(CompiledCell cell, Map<String, Tensor> params, Blas blas, ParallelRows rowsParallel) {
        this.cell = cell;
        this.params = params;
        this.blas = blas;
        this.p = cell.precision;
        this.nodes = cell.schedule.program().backward().nodes();
        this.rowsParallel = rowsParallel;
        this.outWidth = new int[nodes.size()];
        this.inWidth = new int[nodes.size()];
        for (Node n : nodes) {
            if (n.matrix() != null) {
                outWidth[n.id()] = n.matrix().rows().evaluate(cell.sizes);
                inWidth[n.id()] = n.matrix().cols().evaluate(cell.sizes);
            }
        }
    }

    /** {@code OUT[rows, ·] = V[rows, ·] · Mᵀ} for one MATVEC node over {@code rows} batch rows. */
    void gemm(RunArrays r, int id, int[] offs, int rows) {
        Node n = nodes.get(id);
        Slot in = cell.layout.slot(n.in(0));
        Slot out = cell.layout.slot(id);
        Blas.Resident m = packed(r, id);
        int outW = outWidth[id];
        int inW = inWidth[id];
        int outOff = offs[out.buffer()] + out.offset();
        if (in.stride() == 0) {
            // The operand is a parameter, the same in every row: one product, copied to each row.
            p.gemmResident(blas, 1, outW, inW, r.array(in), offs[in.buffer()] + in.offset(), inW, m, 0,
                    0, r.array(out), outOff, out.stride());
            for (int b = 1; b < rows; b++) {
                System.arraycopy(r.array(out), outOff, r.array(out), outOff + b * out.stride(), outW);
            }
            return;
        }
        Object a = r.array(in);
        int aOff = offs[in.buffer()] + in.offset();
        Object c = r.array(out);
        if (2L * rows * outW * inW < MIN_SPLIT_FLOPS || outW < 2) {
            p.gemmResident(blas, rows, outW, inW, a, aOff, in.stride(), m, 0, 0, c, outOff, out.stride());
            return;
        }
        // Each core computes half of the output: the BLAS itself runs single-threaded. Half the
        // rows where there are many (products over all steps), else half the columns (a step's B rows).
        split.set(rows >= outW, rows, outW, inW, a, aOff, in.stride(), m, c, outOff, out.stride());
        rowsParallel.inHalves(split);
    }

    /** One product split by output rows or columns, reused at every step so that the loop allocates nothing. */
    private final class SplitProduct implements ParallelRows.Halves {
        private boolean byRows;
        private int rows;
        private int outW;
        private int inW;
        private Object a;
        private int aOff;
        private int lda;
        private Blas.Resident m;
        private Object c;
        private int cOff;
        private int ldc;

        void set(boolean byRows, int rows, int outW, int inW, Object a, int aOff, int lda, Blas.Resident m, Object c,
                 int cOff, int ldc) {
            this.byRows = byRows;
            this.rows = rows;
            this.outW = outW;
            this.inW = inW;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.m = m;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        @Override
        public void half(int h) {
            int whole = byRows ? rows : outW;
            int from = h == 0 ? 0 : whole / 2;
            int to = h == 0 ? whole / 2 : whole;
            if (byRows) {
                p.gemmResident(blas, to - from, outW, inW, a, aOff + from * lda, lda, m, 0, 0, c, cOff + from * ldc, ldc);
            } else {
                p.gemmResident(blas, rows, to - from, inW, a, aOff, lda, m, from, 0, c, cOff + from, ldc);
            }
        }
    }

    /** The packed matrix of MATVEC node {@code id} for this run, packed from the current parameters on first use. */
    Blas.Resident packed(RunArrays r, int id) {
        Blas.Resident m = r.packedByNode[id];
        if (m == null) {
            RunArrays.Packed k = r.packed.computeIfAbsent(nodes.get(id).matrix(), this::newPacked);
            if (k.generation != r.generation) {
                access(k.matrix).dense(params, k.cols, k.staging);
                p.copyIn(k.staging, 0, k.array, 0, k.staging.length);
                k.resident = p.resident(blas, k.array, k.rows, k.cols);
                k.generation = r.generation;
            }
            m = k.resident;
            r.packedByNode[id] = m;
        }
        return m;
    }

    private RunArrays.Packed newPacked(Matrix m) {
        int rows = m.rows().evaluate(cell.sizes);
        int cols = m.cols().evaluate(cell.sizes);
        return new RunArrays.Packed(m, rows, cols, p.alloc(rows * cols));
    }

    private MatrixAccess access(Matrix m) {
        return access.computeIfAbsent(m, key -> new MatrixAccess(key, cell.sizes));
    }

    /** dM += Dᵀ·A over all steps and rows: one GEMM, then split over the parameters' blocks. */
    void weightGrad(RunArrays r, BackwardGraph.ParamGrad.Outer o, int[] whole, Map<String, Tensor> grads) {
        Slot d = cell.layout.slot(o.delta());
        Slot a = cell.layout.slot(o.operand());
        int rows = o.matrix().rows().evaluate(cell.sizes);
        int cols = o.matrix().cols().evaluate(cell.sizes);
        int k = r.steps * r.batch;
        Object dm = scratch(o, rows * cols);
        if (a.stride() == 0 || d.stride() == 0) {
            p.copyIn(new double[rows * cols], 0, dm, 0, rows * cols);
            for (int row = 0; row < k; row++) {
                for (int i = 0; i < rows; i++) {
                    double di = p.get(r.array(d), r.index(d, whole, row, i));
                    for (int j = 0; j < cols; j++) {
                        double aj = p.get(r.array(a), r.index(a, whole, row, j));
                        p.set(dm, i * cols + j, p.get(dm, i * cols + j) + di * aj);
                    }
                }
            }
        } else {
            // Each core computes half of the rows of dM.
            int mid = rows / 2;
            rowsParallel.inHalves(h -> {
                int from = h == 0 ? 0 : mid;
                int to = h == 0 ? mid : rows;
                p.gemm(blas, true, false, to - from, cols, k, r.array(d), whole[d.buffer()] + d.offset() + from,
                        d.stride(), r.array(a), whole[a.buffer()] + a.offset(), a.stride(), 0, dm, from * cols, cols);
            });
        }
        double[] dense = denseGrads.computeIfAbsent(o, key -> new double[rows * cols]);
        p.copyOut(dm, 0, dense, 0, rows * cols);
        access(o.matrix()).addDense(grads, dense, rows, cols);
    }

    private Object scratch(BackwardGraph.ParamGrad.Outer o, int size) {
        return weightGradBuffers.computeIfAbsent(o, key -> p.alloc(size));
    }

    /** The sum of a node's rows over all steps, as one product with a row of ones. */
    Object rowSum(RunArrays r, int id, int[] whole, int w) {
        Slot d = cell.layout.slot(id);
        int rows = r.steps * r.batch;
        if (ones == null || onesLength < rows) {
            ones = p.alloc(rows);
            onesLength = rows;
            p.copyIn(filledOnes(rows), 0, ones, 0, rows);
        }
        Object sum = p.alloc(w);
        p.gemm(blas, false, false, 1, w, rows, ones, 0, rows, r.array(d), whole[d.buffer()] + d.offset(),
                Math.max(d.stride(), w), 0, sum, 0, w);
        return sum;
    }

    private static double[] filledOnes(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }
}
