package io.rnnc.compiler.backend.opencl;

import com.aparapi.Kernel;
import io.rnnc.runtime.kernels.Fn;

/**
 * The base of every generated OpenCL kernel class. Aparapi gives each kernel instance its own
 * OpenCL context, so buffers cannot be shared between two kernel objects: a layer therefore
 * runs as one kernel object whose {@code run} dispatches on {@link #pass} to one method per
 * fused region (generated, in the subclass) or to one of the fixed passes written here (the
 * tiled matrix product, the masks of variable-length batches, the state gradients, the bias
 * gradients). Everything lives in one float array, {@link #mem}, which stays on the device
 * between launches.
 *
 * <p>Aparapi translates this code to OpenCL C: fields are kernel arguments, methods become
 * OpenCL functions. Names of the scalar helpers start with {@code rn} because Aparapi maps any
 * method whose name matches one of {@link Kernel}'s math functions to the OpenCL built-in.
 */
public abstract class LayerKernel extends Kernel {
    /** Side of a square tile of the matrix product. */
    public static final int TILE = 16;
    /**
     * Work-group size of every launch, one-dimensional: the product's groups are TILE × TILE
     * too, so that PoCL builds one work-group function per kernel instead of one per shape.
     */
    public static final int GROUP = TILE * TILE;
    /** Pass: the tiled matrix product. */
    public static final int GEMM = -1;
    /** Pass: states of finished sequences carried to the next step. */
    public static final int CARRY_STATES = -2;
    /** Pass: gradient arriving past a sequence's end passed to the step before. */
    public static final int MOVE_SEEDS = -3;
    /** Pass: gradients of the states read by this step added to their histories. */
    public static final int STATE_GRADS = -4;
    /** Pass: the sum of a node's rows over all steps (a bias gradient). */
    public static final int ROW_SUM = -5;

    /** All arrays of the running layer: parameters, packed matrices, sequences, gradients. */
    public float[] mem = new float[1];
    /** Start of each buffer in {@link #mem} at step 0. */
    public int[] bufBase = new int[1];
    /** Elements a buffer moves by from one step to the next (0 for scratch and parameters). */
    public int[] bufStep = new int[1];
    /** Length of each sequence of the batch. */
    public int[] lengths = new int[1];
    /** Per state: start of its history, start of its gradient history, width, lag steps before the first. */
    public int[] stStart = new int[1];
    public int[] stGrad = new int[1];
    public int[] stWidth = new int[1];
    public int[] stLag = new int[1];
    /** Per state read of the backward step: the buffer, row stride and offset of its gradient, the state, the lag. */
    public int[] sgBuf = new int[1];
    public int[] sgStride = new int[1];
    public int[] sgOffset = new int[1];
    public int[] sgState = new int[1];
    public int[] sgLag = new int[1];
    public int[] sgScalar = new int[1];
    public int stCount;
    public int sgCount;

    /** What this launch computes: a generated region (0, 1, …) or a fixed pass (negative). */
    public int pass;
    /** The time step. */
    public int t;
    /** Batch rows of this launch (B, or T·B before and after the time loop). */
    public int rows;
    /** Sequences in the batch. */
    public int batch;

    /** The product C[i, j] = Σk A(i, k)·B(j, k), A(i, k) at gA + i·gARow + k·gACol, likewise B. */
    public int gM;
    public int gN;
    public int gK;
    public int gA;
    public int gARow;
    public int gACol;
    public int gB;
    public int gBRow;
    public int gBCol;
    public int gC;
    public int gLdc;

    /** Row sum: rsWidth sums over rows of stride rsStride from rsFrom, into rsTo. */
    public int rsFrom;
    public int rsStride;
    public int rsTo;
    public int rsWidth;

    /** Work-group tiles of the matrix product, in local memory. */
    public float[] tileA_$local$ = new float[TILE * TILE];
    public float[] tileB_$local$ = new float[TILE * TILE];

    /** Runs the fixed pass named by {@link #pass}; generated {@code run} methods call it for negative passes. */
    protected void fixedPass() {
        if (pass == GEMM) {
            gemmTile();
        }
        if (pass == CARRY_STATES) {
            carryStates();
        }
        if (pass == MOVE_SEEDS) {
            moveSeeds();
        }
        if (pass == STATE_GRADS) {
            stateGrads();
        }
        if (pass == ROW_SUM) {
            rowSum();
        }
    }

    /**
     * One TILE × TILE block of C per work-group (numbered along the rows of blocks): tiles of A
     * and B pass through local memory.
     */
    protected void gemmTile() {
        // Aparapi keeps Java names: none may be an OpenCL C keyword (such as `local`).
        int inGroup = getLocalId();
        int lx = inGroup % TILE;
        int ly = inGroup / TILE;
        int blocksAcross = (gN + TILE - 1) / TILE;
        int group = getGroupId();
        int j = (group % blocksAcross) * TILE + lx;
        int i = (group / blocksAcross) * TILE + ly;
        float acc = 0f;
        int tiles = (gK + TILE - 1) / TILE;
        for (int tile = 0; tile < tiles; tile++) {
            int ka = tile * TILE + lx;
            float a = 0f;
            if (i < gM && ka < gK) {
                a = mem[gA + i * gARow + ka * gACol];
            }
            tileA_$local$[ly * TILE + lx] = a;
            int kb = tile * TILE + ly;
            float b = 0f;
            if (j < gN && kb < gK) {
                b = mem[gB + j * gBRow + kb * gBCol];
            }
            tileB_$local$[ly * TILE + lx] = b;
            localBarrier();
            for (int kk = 0; kk < TILE; kk++) {
                acc = acc + tileA_$local$[ly * TILE + kk] * tileB_$local$[kk * TILE + lx];
            }
            localBarrier();
        }
        if (i < gM && j < gN) {
            mem[gC + i * gLdc + j] = acc;
        }
    }

    /** Past a sequence's end its states stay as they were: row b of step t is a copy of step t-1. */
    protected void carryStates() {
        int b = getGlobalId(0);
        if (b < batch && t >= lengths[b]) {
            for (int s = 0; s < stCount; s++) {
                int w = stWidth[s];
                int now = stStart[s] + ((stLag[s] + t) * batch + b) * w;
                int before = now - batch * w;
                for (int i = 0; i < w; i++) {
                    mem[now + i] = mem[before + i];
                }
            }
        }
    }

    /**
     * Past a sequence's end the step did nothing, so the gradient arriving there passes straight
     * to the step before; the step itself then sees zero (its adjoints are linear in it).
     */
    protected void moveSeeds() {
        int b = getGlobalId(0);
        if (b < batch && t >= lengths[b]) {
            for (int s = 0; s < stCount; s++) {
                int w = stWidth[s];
                int now = stGrad[s] + ((stLag[s] + t) * batch + b) * w;
                int before = now - batch * w;
                for (int i = 0; i < w; i++) {
                    mem[before + i] = mem[before + i] + mem[now + i];
                    mem[now + i] = 0f;
                }
            }
        }
    }

    /** Adds the gradient of every state read at step t (at its lag) into that state's gradient history. */
    protected void stateGrads() {
        int b = getGlobalId(0);
        if (b < batch) {
            for (int r = 0; r < sgCount; r++) {
                int s = sgState[r];
                int w = stWidth[s];
                int k = sgBuf[r];
                int from = bufBase[k] + t * bufStep[k] + b * sgStride[r] + sgOffset[r];
                int into = stGrad[s] + ((stLag[s] + t - sgLag[r]) * batch + b) * w;
                int step = 1 - sgScalar[r];
                for (int i = 0; i < w; i++) {
                    mem[into + i] = mem[into + i] + mem[from + i * step];
                }
            }
        }
    }

    /** Element i of the sum of {@link #rows} rows. */
    protected void rowSum() {
        int i = getGlobalId(0);
        if (i < rsWidth) {
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                sum = sum + mem[rsFrom + r * rsStride + i];
            }
            mem[rsTo + i] = sum;
        }
    }

    // ------------------------------------------------------------ scalar functions of the step IR

    protected float rnSigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    protected float rnRelu(float x) {
        return x > 0f ? x : 0f;
    }

    protected float rnLeakyRelu(float x) {
        return x > 0f ? x : (float) Fn.LEAKY_SLOPE * x;
    }

    protected float rnElu(float x) {
        return x > 0f ? x : expm1(x);
    }

    protected float rnSoftplus(float x) {
        return x > 20f ? x : log1p(exp(x));
    }

    protected float rnSoftsign(float x) {
        return x / (1f + abs(x));
    }

    protected float rnHardSigmoid(float x) {
        return min(1f, max(0f, x / 6f + 0.5f));
    }

    protected float rnStep(float x) {
        return x > 0f ? 1f : 0f;
    }

    protected float rnLeakyStep(float x) {
        return x > 0f ? 1f : (float) Fn.LEAKY_SLOPE;
    }

    protected float rnEluSlope(float x) {
        return x > 0f ? 1f : exp(x);
    }

    protected float rnHardSigmoidSlope(float x) {
        return abs(x) < 3f ? 1f / 6f : 0f;
    }

    protected float rnSign(float x) {
        return x > 0f ? 1f : (x < 0f ? -1f : 0f);
    }

    protected float rnGe(float a, float b) {
        return a >= b ? 1f : 0f;
    }

    protected float rnPow(float x, float k) {
        return pow(x, k);
    }
}
