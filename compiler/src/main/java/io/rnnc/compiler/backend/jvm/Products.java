package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.blas.GemmParts;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The matrix products of a {@link JvmLayer} through the BLAS: a MATVEC node over a step's rows
 * or over many steps', whole or cut into the {@link GemmParts} of its shape (shared on the
 * layer's pool), with its weights packed once per forward pass.
 */
final class Products {
    private final CompiledCell cell;
    private final Map<String, Tensor> params;
    private final Blas blas;
    private final Precision p;
    private final List<Node> nodes;
    private final WorkerPool pool;
    /** Element access to each matrix, made once: it indexes every stacked row. */
    private final Map<Matrix, MatrixAccess> access = new java.util.HashMap<>();
    /** Each MATVEC node's output and input widths, evaluated once: the time loop does no symbolic arithmetic. */
    private final int[] outWidth;
    private final int[] inWidth;

    Products(CompiledCell cell, Map<String, Tensor> params, Blas blas, WorkerPool pool) {
        this.cell = cell;
        this.params = params;
        this.blas = blas;
        this.p = cell.precision;
        this.nodes = cell.schedule.program().backward().nodes();
        this.pool = pool;
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
     * {@code OUT[rows, ·] = V[rows, ·] · Mᵀ} for one MATVEC node over {@code rows} batch rows:
     * with {@code inParts}, as the {@link GemmParts} of its shape on the pool, else as one call.
     * A call site passes the same {@code inParts} on every run, so that each element is always
     * computed by the same BLAS call.
     */
    void gemm(RunArrays r, int id, int[] offs, int rows, boolean inParts) {
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
        int lda = in.stride();
        Object c = r.array(out);
        int ldc = out.stride();
        GemmParts parts = inParts ? GemmParts.of(rows, outW, inW) : null;
        if (parts == null || parts.count() == 1) {
            p.gemmResident(blas, transB, rows, outW, inW, a, aOff, lda, m, 0, 0, c, outOff, ldc);
            return;
        }
        pool.forEach(parts.count(), i -> {
            int from = parts.from(i);
            int to = parts.to(i);
            if (parts.byRows()) {
                p.gemmResident(blas, transB, to - from, outW, inW, a, aOff + from * lda, lda, m, 0, 0, c,
                        outOff + from * ldc, ldc);
            } else {
                // Output columns [from, to): rows of M where M is stored, columns of W where W = Mᵀ is.
                p.gemmResident(blas, transB, rows, to - from, inW, a, aOff, lda, m, transB ? from * inW : from, 0, c,
                        outOff + from, ldc);
            }
        });
    }

    /** MATVEC node {@code id} over {@code rows} rows in words: its shape and its parts. */
    String describe(int id, int rows) {
        return "[" + rows + "," + inWidth[id] + "]×[" + inWidth[id] + "," + outWidth[id] + "] in "
                + GemmParts.of(rows, outWidth[id], inWidth[id]).describe();
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
