package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The parameter gradients of a backward pass, summed a chunk of steps at a time as the time
 * loop finishes them: {@code dM += Dᵀ·A} as one GEMM per stacked weight and chunk, and the
 * bias gradients as sums over the chunk's rows.
 *
 * <p>Chunks finish on several threads at once, so there are {@link #LANES} sets of sums
 * (lanes), added together in lane order at the end: chunk k goes to lane k mod LANES, and each
 * lane adds its chunks in chunk order, whichever thread finished them. The number of lanes is
 * a constant, not the thread count, so the result is the same, bit for bit, on one thread or
 * many, and from one run to the next. No thread waits for a lane: a chunk that finishes before
 * its lane's earlier ones is left ready, and the thread adding the chunk before it adds it too.
 */
final class ParamGradSums {
    /**
     * Sets of sums: up to this many chunks' gradient products run at once. Each lane holds a
     * float copy of every weight; four let four cores sum weight gradients beside the time loop.
     */
    static final int LANES = 4;

    private final CompiledCell cell;
    private final Precision p;
    private final Blas blas;
    private final List<BackwardGraph.ParamGrad.Outer> outers = new ArrayList<>();
    private final List<MatrixAccess> access = new ArrayList<>();
    private final int[] outerRows;
    private final int[] outerCols;
    /** The distinct nodes whose row sums are bias gradients: two biases of one pre-activation share one. */
    private final int[] deltas;
    private final int[] deltaWidth;
    private final Object[][] outerSums = new Object[LANES][];
    private final Object[][] deltaSums = new Object[LANES][];
    private final WorkerPool pool;
    /** The chunks of the current backward pass: set i of sums takes chunks i, i + LANES, … */
    private int chunks;
    /** The chunk each set of sums takes next. */
    private final AtomicIntegerArray turn = new AtomicIntegerArray(LANES);
    /** Held by the thread adding a lane's chunks. */
    private final AtomicBoolean[] adding = new AtomicBoolean[LANES];
    /** Which chunks have finished, and where each one's rows are. */
    private AtomicIntegerArray ready = new AtomicIntegerArray(0);
    private int[][] chunkOffsets = new int[0][];
    private int[] chunkRows = new int[0];
    private RunArrays run;
    /** Elements a part of the lanes' final sum has at least. */
    private static final int SUM_PART = 1 << 15;
    private Object ones;
    private int onesLength;
    private double[] dense = new double[0];

    ParamGradSums(CompiledCell cell, Map<String, Tensor> params, Blas blas, WorkerPool pool) {
        this.cell = cell;
        this.pool = pool;
        this.p = cell.precision;
        this.blas = blas;
        List<Integer> ds = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (BackwardGraph.ParamGrad g : cell.schedule.program().backward().paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Outer o) {
                outers.add(o);
                access.add(new MatrixAccess(o.matrix(), cell.sizes));
            } else if (g instanceof BackwardGraph.ParamGrad.Direct d && !ds.contains(d.delta())) {
                ds.add(d.delta());
                widths.add(params.get(d.param()).size());
            }
        }
        outerRows = new int[outers.size()];
        outerCols = new int[outers.size()];
        for (int i = 0; i < outers.size(); i++) {
            outerRows[i] = outers.get(i).matrix().rows().evaluate(cell.sizes);
            outerCols[i] = outers.get(i).matrix().cols().evaluate(cell.sizes);
        }
        deltas = ds.stream().mapToInt(Integer::intValue).toArray();
        deltaWidth = widths.stream().mapToInt(Integer::intValue).toArray();
        for (int lane = 0; lane < LANES; lane++) {
            outerSums[lane] = new Object[outers.size()];
            deltaSums[lane] = new Object[deltas.length];
            adding[lane] = new AtomicBoolean();
        }
    }

    /** Starts a backward pass over {@code r} of {@code chunks} chunks of at most {@code maxRows} rows. */
    void begin(RunArrays r, int maxRows, int chunks) {
        this.run = r;
        this.chunks = chunks;
        for (int lane = 0; lane < LANES; lane++) {
            turn.set(lane, lane);
        }
        if (ready.length() < chunks) {
            ready = new AtomicIntegerArray(chunks);
            chunkOffsets = new int[chunks][];
            chunkRows = new int[chunks];
        } else {
            for (int k = 0; k < chunks; k++) {
                ready.set(k, 0);
            }
        }
        if (ones == null || onesLength < maxRows) {
            double[] filled = new double[maxRows];
            Arrays.fill(filled, 1);
            ones = p.alloc(maxRows);
            p.copyIn(filled, 0, ones, 0, maxRows);
            onesLength = maxRows;
        }
    }

    /**
     * Adds the gradients of chunk {@code k}, {@code rows} rows from offsets {@code offs}, now
     * or, when its lane's earlier chunks are not all in yet, once they are.
     */
    void chunkDone(int[] offs, int rows, int k) {
        chunkOffsets[k] = offs;
        chunkRows[k] = rows;
        ready.set(k, 1);
        addReady(k % LANES);
    }

    /**
     * Adds the lane's ready chunks in order. A thread that finds the lane taken leaves its
     * chunk to the one adding, which looks for ready chunks again after letting the lane go.
     */
    private void addReady(int lane) {
        while (adding[lane].compareAndSet(false, true)) {
            try {
                for (int k = turn.get(lane); k < chunks && ready.get(k) == 1; k = turn.get(lane)) {
                    // A lane's first chunk overwrites what the pass before left in it.
                    addChunk(run, chunkOffsets[k], chunkRows[k], lane, k < LANES ? 0 : 1);
                    turn.set(lane, k + LANES);
                }
            } finally {
                adding[lane].set(false);
            }
            int k = turn.get(lane);
            if (k >= chunks || ready.get(k) == 0) {
                return;
            }
        }
    }

    private void addChunk(RunArrays r, int[] offs, int rows, int lane, double beta) {
        for (int i = 0; i < outers.size(); i++) {
            Object sum = laneArray(outerSums[lane], i, outerRows[i] * outerCols[i]);
            addOuter(r, outers.get(i), offs, rows, outerRows[i], outerCols[i], sum, beta);
        }
        for (int j = 0; j < deltas.length; j++) {
            Slot d = cell.layout.slot(deltas[j]);
            int w = deltaWidth[j];
            Object sum = laneArray(deltaSums[lane], j, w);
            p.gemm(blas, false, false, 1, w, rows, ones, 0, rows, r.array(d), offs[d.buffer()] + d.offset(),
                    Math.max(d.stride(), w), beta, sum, 0, w);
        }
    }

    private Object laneArray(Object[] arrays, int i, int size) {
        if (arrays[i] == null) {
            arrays[i] = p.alloc(size);
        }
        return arrays[i];
    }

    /** dM (+)= Dᵀ·A over the chunk's rows: one GEMM, or a loop where D or A is one value for every row. */
    private void addOuter(RunArrays r, BackwardGraph.ParamGrad.Outer o, int[] offs, int rows, int mRows, int mCols,
                          Object sum, double beta) {
        Slot d = cell.layout.slot(o.delta());
        Slot a = cell.layout.slot(o.operand());
        if (a.stride() != 0 && d.stride() != 0) {
            p.gemm(blas, true, false, mRows, mCols, rows, r.array(d), offs[d.buffer()] + d.offset(), d.stride(),
                    r.array(a), offs[a.buffer()] + a.offset(), a.stride(), beta, sum, 0, mCols);
            return;
        }
        if (beta == 0) {
            for (int i = 0; i < mRows * mCols; i++) {
                p.set(sum, i, 0);
            }
        }
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < mRows; i++) {
                double di = p.get(r.array(d), r.index(d, offs, row, i));
                for (int j = 0; j < mCols; j++) {
                    double aj = p.get(r.array(a), r.index(a, offs, row, j));
                    p.set(sum, i * mCols + j, p.get(sum, i * mCols + j) + di * aj);
                }
            }
        }
    }

    /** Adds the lanes' sums into {@code grads} (by parameter name, each already present); every chunk must be done. */
    void addTo(Map<String, Tensor> grads) {
        for (int i = 0; i < outers.size(); i++) {
            int n = outerRows[i] * outerCols[i];
            if (dense.length < n) {
                dense = new double[n];
            }
            lanesSummed(outerSums, i, n, dense);
            access.get(i).addDense(grads, dense, outerRows[i], outerCols[i]);
        }
        for (BackwardGraph.ParamGrad g : cell.schedule.program().backward().paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Direct d) {
                int j = indexOf(d.delta());
                double[] grad = grads.get(d.param()).data();
                double[] sum = lanesSummed(deltaSums, j, deltaWidth[j], new double[deltaWidth[j]]);
                for (int k = 0; k < grad.length; k++) {
                    grad[k] += sum[k];
                }
            }
        }
    }

    /** Array i of every set of sums that took a chunk, summed in lane order into {@code out}, a range of elements per part. */
    private double[] lanesSummed(Object[][] sums, int i, int n, double[] out) {
        int parts = (int) Math.min(pool.parallelism(), (n + SUM_PART - 1) / SUM_PART);
        pool.forEach(parts, part -> {
            int from = (int) ((long) part * n / parts);
            int to = (int) ((long) (part + 1) * n / parts);
            Arrays.fill(out, from, to, 0);
            for (int lane = 0; lane < LANES && lane < chunks; lane++) {
                Object s = sums[lane][i];
                for (int k = from; k < to; k++) {
                    out[k] += p.get(s, k);
                }
            }
        });
        return out;
    }

    private int indexOf(int delta) {
        for (int j = 0; j < deltas.length; j++) {
            if (deltas[j] == delta) {
                return j;
            }
        }
        throw new IllegalStateException("no sum for node " + delta);
    }
}
