package io.rnnc.compiler.backend.opencl;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * The local variables of one generated method and their LocalVariableTable. Aparapi declares
 * each local of the OpenCL function where its range starts, so a range begins just after the
 * local's first store (earlier gives "use of undeclared identifier" in the OpenCL build) and
 * ends where the block that declares it ends, as javac would write it.
 */
final class LocalTable {
    private record Entry(String name, String desc, int index, Label start, Label end) {
    }

    private final MethodVisitor mv;
    private final List<Entry> entries = new ArrayList<>();
    private int next = 1;

    LocalTable(MethodVisitor mv) {
        this.mv = mv;
    }

    /**
     * A new local (its name gets the slot number appended), to be stored right after this call; its range starts at the label placed
     * by {@link #declared} and ends at {@code scopeEnd}.
     *
     * @param desc "I" or "F"
     */
    int add(String name, String desc, Label scopeEnd) {
        int index = next++;
        // The slot number makes every name unique within the function.
        entries.add(new Entry(name + "_" + index, desc, index, new Label(), scopeEnd));
        return index;
    }

    /** Marks the point just after the first store of {@code index}. */
    void declared(int index) {
        mv.visitLabel(entry(index).start());
    }

    /** Emits the table; call once the code is complete and every scope label placed. */
    void emit() {
        for (Entry e : entries) {
            mv.visitLocalVariable(e.name(), e.desc(), null, e.start(), e.end(), e.index());
        }
    }

    private Entry entry(int index) {
        for (Entry e : entries) {
            if (e.index() == index) {
                return e;
            }
        }
        throw new IllegalArgumentException("no local " + index);
    }
}
