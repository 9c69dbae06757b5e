package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.backend.jvm.Layout;
import io.rnnc.compiler.backend.jvm.Slot;
import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.schedule.Schedule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where everything of one run (T steps of B rows) lives in the kernel's single float array:
 * the layout's arrays, each product's matrix packed transposed (so that a work-group reads its
 * rows contiguously), each weight gradient and each bias gradient; and where every buffer
 * starts at step 0 and how far it moves per step.
 */
final class Arena {
    /**
     * G1 never moves an array of at least half a region (32 MiB at most), and a moved array
     * would make Aparapi create its device buffer anew from the stale host copy: on a device
     * with its own memory the arena is allocated at least this large.
     */
    static final int UNMOVABLE_FLOATS = 4 << 20;

    final int steps;
    final int batch;
    final int[] arrayStart;
    final Map<Matrix, Integer> packedStart = new LinkedHashMap<>();
    final Map<Integer, Integer> outerStart = new LinkedHashMap<>();
    final Map<Integer, Integer> rowSumStart = new LinkedHashMap<>();
    final int[] bufBase;
    final int[] bufStep;
    final int size;

    Arena(OpenClCell cell, int steps, int batch) {
        this.steps = steps;
        this.batch = batch;
        Layout l = cell.layout;
        long at = 0;
        arrayStart = new int[l.arrays.size()];
        for (int i = 0; i < arrayStart.length; i++) {
            arrayStart[i] = (int) at;
            at += length(l.arrays.get(i));
        }
        List<Node> nodes = cell.schedule.program().backward().nodes();
        for (List<Schedule.Stage> phase : List.of(cell.schedule.hoist(), cell.schedule.forward(),
                cell.schedule.backward(), cell.schedule.deferred())) {
            for (Schedule.Stage s : phase) {
                for (int id : s.gemms()) {
                    Matrix m = nodes.get(id).matrix();
                    if (!packedStart.containsKey(m)) {
                        packedStart.put(m, (int) at);
                        at += (long) rows(m, cell) * cols(m, cell);
                    }
                }
            }
        }
        List<BackwardGraph.ParamGrad> grads = cell.schedule.program().backward().paramGrads();
        for (int g = 0; g < grads.size(); g++) {
            if (grads.get(g) instanceof BackwardGraph.ParamGrad.Outer o) {
                outerStart.put(g, (int) at);
                at += (long) rows(o.matrix(), cell) * cols(o.matrix(), cell);
            } else {
                int delta = ((BackwardGraph.ParamGrad.Direct) grads.get(g)).delta();
                if (!rowSumStart.containsKey(delta)) {
                    rowSumStart.put(delta, (int) at);
                    at += width(nodes.get(delta), cell);
                }
            }
        }
        if (at > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + batch + " sequences of " + steps
                    + " steps needs more than 2^31 floats on the OpenCL device; use smaller batches");
        }
        size = (int) at;
        bufBase = new int[l.buffers.size()];
        bufStep = new int[l.buffers.size()];
        for (int k = 0; k < bufBase.length; k++) {
            Layout.Buffer b = l.buffers.get(k);
            Layout.ArraySpec a = l.arrays.get(b.array());
            boolean sequence = a.kind() == Layout.ArrayKind.SEQUENCE;
            bufBase[k] = arrayStart[b.array()] + (sequence ? (a.before() - b.shift()) * batch * a.width() : 0);
            bufStep[k] = sequence ? batch * a.width() : 0;
        }
    }

    private long length(Layout.ArraySpec a) {
        return switch (a.kind()) {
            case PARAM -> a.width();
            case SEQUENCE -> (long) (a.before() + steps) * batch * a.width();
            case SCRATCH -> (long) batch * a.width();
        };
    }

    /** Index in the arena of a slot's row {@code row} (counted from step {@code t}'s first row), element 0. */
    int index(Slot s, int t, int row) {
        return bufBase[s.buffer()] + t * bufStep[s.buffer()] + row * s.stride() + s.offset();
    }

    static int rows(Matrix m, OpenClCell cell) {
        return m.rows().evaluate(cell.sizes);
    }

    static int cols(Matrix m, OpenClCell cell) {
        return m.cols().evaluate(cell.sizes);
    }

    static int width(Node n, OpenClCell cell) {
        return n.isScalar() || n.op() == Op.CONST ? 1 : n.size().evaluate(cell.sizes);
    }
}
