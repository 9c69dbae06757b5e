package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.kernels.ParallelRows;
import io.rnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The matrix products of a {@link JvmLayer} through the BLAS: a MATVEC node over a step's rows
 * or over many steps' (split over the cores when large and the second core is free), with its
 * weights packed once per forward pass.
 */
final class Products {
    /**
     * Products smaller than this (in floating-point operations) are not split over the cores.
     * At 2M rather than 8M, the step products of rnn_tanh at configuration (d) ([32,256]×[256,256],
     * 4.2M) are split once the forward pass's input projection is done: its training step took
     * 19–23 ms instead of 21–23, the LSTM's at (d) 59–61 instead of 62–69 (alternating runs).
     */
    private static final long MIN_SPLIT_FLOPS = 2_000_000;

    private final CompiledCell cell;
    private final Map<String, Tensor> params;
    private final Blas blas;
    private final Precision p;
    private final List<Node> nodes;
    private final ParallelRows rowsParallel;
    private final SplitProduct halves = new SplitProduct();
    /** Element access to each matrix, made once: it indexes every stacked row. */
    private final Map<Matrix, MatrixAccess> access = new java.util.HashMap<>();
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

    /** Packs, on the calling thread, the matrices of the stages' products but those in {@code skip}. */
    void prepare(RunArrays r, List<Schedule.Stage> stages, Set<Integer> skip) {
        for (Schedule.Stage s : stages) {
            for (int id : s.gemms()) {
                if (!skip.contains(id)) {
                    packed(r, id);
                }
            }
        }
    }

    /**
     * {@code OUT[rows, ·] = V[rows, ·] · Mᵀ} for one MATVEC node over {@code rows} batch rows;
     * {@code split} lets a large one use both cores (only one thread at a time may say so).
     */
    void gemm(RunArrays r, int id, int[] offs, int rows, boolean split) {
        Node n = nodes.get(id);
        Slot in = cell.layout.slot(n.in(0));
        Slot out = cell.layout.slot(id);
        Blas.Resident m = packed(r, id);
        boolean transB = !n.matrix().transposed();
        int outW = outWidth[id];
        int inW = inWidth[id];
        int outOff = offs[out.buffer()] + out.offset();
        if (in.stride() == 0) {
            // The operand is a parameter, the same in every row: one product, copied to each row.
            p.gemmResident(blas, transB, 1, outW, inW, r.array(in), offs[in.buffer()] + in.offset(), inW, m, 0,
                    0, r.array(out), outOff, out.stride());
            for (int b = 1; b < rows; b++) {
                System.arraycopy(r.array(out), outOff, r.array(out), outOff + b * out.stride(), outW);
            }
            return;
        }
        Object a = r.array(in);
        int aOff = offs[in.buffer()] + in.offset();
        Object c = r.array(out);
        if (!split || 2L * rows * outW * inW < MIN_SPLIT_FLOPS || outW < 2) {
            p.gemmResident(blas, transB, rows, outW, inW, a, aOff, in.stride(), m, 0, 0, c, outOff, out.stride());
            return;
        }
        // Each core computes half of the output: the BLAS itself runs single-threaded. Half the
        // rows where there are many (products over all steps), else half the columns (a step's B rows).
        halves.set(rows >= outW, rows, outW, inW, a, aOff, in.stride(), m, transB, c, outOff, out.stride());
        rowsParallel.inHalves(halves);
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
        private boolean transB;
        private Object c;
        private int cOff;
        private int ldc;

        void set(boolean byRows, int rows, int outW, int inW, Object a, int aOff, int lda, Blas.Resident m,
                 boolean transB, Object c, int cOff, int ldc) {
            this.byRows = byRows;
            this.rows = rows;
            this.outW = outW;
            this.inW = inW;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.m = m;
            this.transB = transB;
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
                p.gemmResident(blas, transB, to - from, outW, inW, a, aOff + from * lda, lda, m, 0, 0, c,
                        cOff + from * ldc, ldc);
            } else {
                // Output columns [from, to): rows of M where M is stored, columns of W where W = Mᵀ is.
                p.gemmResident(blas, transB, rows, to - from, inW, a, aOff, lda, m, transB ? from * inW : from, 0, c,
                        cOff + from, ldc);
            }
        }
    }

    /**
     * The packed matrix of MATVEC node {@code id} for this run, packed from the current
     * parameters on first use: M itself, or for M = Wᵀ the stack W as it is, multiplied
     * untransposed. The backward pass's Wᵀ then shares the forward pass's W, and OpenBLAS
     * multiplies [B, 4H]·[4H, H] untransposed at 70 GFLOP/s where it did 46 transposed (B=32, H=256).
     */
    Blas.Resident packed(RunArrays r, int id) {
        Blas.Resident m = r.packedByNode[id];
        if (m == null) {
            Matrix matrix = nodes.get(id).matrix();
            RunArrays.Packed k = r.packed.computeIfAbsent(matrix.transposed() ? matrix.transpose() : matrix,
                    this::newPacked);
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
}
