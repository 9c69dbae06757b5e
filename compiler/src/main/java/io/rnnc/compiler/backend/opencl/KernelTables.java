package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.backend.jvm.Layout;
import io.rnnc.compiler.backend.jvm.Slot;
import io.rnnc.compiler.ir.StepGraph;
import java.util.List;
import java.util.Map;

/**
 * The small integer tables a run's fixed passes read: buffer starts and steps, sequence
 * lengths, where each state's history and gradient history are, and which node holds the
 * gradient of each state read by the backward step.
 */
final class KernelTables {
    private final int[] lengths;
    private final int[] bufBase;
    private final int[] bufStep;
    private final int[] stStart;
    private final int[] stGrad;
    private final int[] stWidth;
    private final int[] stLag;
    private final int[] sgBuf;
    private final int[] sgStride;
    private final int[] sgOffset;
    private final int[] sgState;
    private final int[] sgLag;
    private final int[] sgScalar;
    private final int stateCount;
    private final int readCount;

    KernelTables(OpenClCell cell, Arena arena, int[] lengths) {
        // Aparapi cannot hand a zero-length array to OpenCL: every table has at least one element.
        this.lengths = atLeastOne(lengths.clone());
        this.bufBase = atLeastOne(arena.bufBase.clone());
        this.bufStep = atLeastOne(arena.bufStep.clone());
        Layout l = cell.layout;
        List<StepGraph.StateSlot> states = cell.schedule.program().forward().states();
        stateCount = states.size();
        int n = Math.max(stateCount, 1);
        stStart = new int[n];
        stGrad = new int[n];
        stWidth = new int[n];
        stLag = new int[n];
        for (int s = 0; s < states.size(); s++) {
            StepGraph.StateSlot st = states.get(s);
            stStart[s] = arena.arrayStart[l.stateArray.get(st.name())];
            stGrad[s] = arena.arrayStart[l.stateGradArray.get(st.name())];
            stWidth[s] = l.arrays.get(l.stateArray.get(st.name())).width();
            stLag[s] = st.maxLag();
        }
        Map<BackwardGraph.StateRead, Integer> reads = cell.schedule.program().backward().stateGrads();
        readCount = reads.size();
        int m = Math.max(readCount, 1);
        sgBuf = new int[m];
        sgStride = new int[m];
        sgOffset = new int[m];
        sgState = new int[m];
        sgLag = new int[m];
        sgScalar = new int[m];
        int r = 0;
        for (Map.Entry<BackwardGraph.StateRead, Integer> e : reads.entrySet()) {
            Slot s = l.slot(e.getValue());
            sgBuf[r] = s.buffer();
            sgStride[r] = s.stride();
            sgOffset[r] = s.offset();
            sgState[r] = indexOf(states, e.getKey().state());
            sgLag[r] = e.getKey().lag();
            sgScalar[r] = cell.schedule.program().backward().nodes().get(e.getValue()).isScalar() ? 1 : 0;
            r++;
        }
    }

    /** Sets the tables and their counts on the kernel and marks them for the device. */
    void install(LayerKernel k) {
        k.lengths = lengths;
        k.bufBase = bufBase;
        k.bufStep = bufStep;
        k.stStart = stStart;
        k.stGrad = stGrad;
        k.stWidth = stWidth;
        k.stLag = stLag;
        k.sgBuf = sgBuf;
        k.sgStride = sgStride;
        k.sgOffset = sgOffset;
        k.sgState = sgState;
        k.sgLag = sgLag;
        k.sgScalar = sgScalar;
        k.stCount = stateCount;
        k.sgCount = readCount;
        k.put(lengths).put(bufBase).put(bufStep).put(stStart).put(stGrad).put(stWidth).put(stLag);
        k.put(sgBuf).put(sgStride).put(sgOffset).put(sgState).put(sgLag).put(sgScalar);
    }

    private static int indexOf(List<StepGraph.StateSlot> states, String name) {
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no state " + name);
    }

    private static int[] atLeastOne(int[] a) {
        return a.length > 0 ? a : new int[1];
    }
}
