package io.rnnc.compiler.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.tensor.HeapLimit;
import io.rnnc.runtime.train.Model;
import org.junit.jupiter.api.Test;

/**
 * The memory a model needs is worked out before anything is allocated: the estimate counts the
 * parameters a built model has, and refuses sizes beyond the heap with the numbers.
 */
class MemoryEstimateTest {
    private static final TypedCell GRU = TestCells.check("gru.rnn", """
            z_t = σ(W_z x_t + U_z h_{t-1} + b_z)
            r_t = σ(W_r x_t + U_r h_{t-1} + b_r)
            ĥ_t = tanh(W_h x_t + U_h (r_t ⊙ h_{t-1}) + b_h)
            h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ ĥ_t
            """);

    @Test
    void countsTheParametersABuiltModelHas() {
        ModelSpec spec = new ModelSpec(7, 6, 2, true, 0, false, 0, new ModelSpec.FrontEnd(5, 4, 3),
                Model.Head.SOFTMAX, 9, null, Backend.JVM, false);
        long built = Models.build(GRU, spec, 1).parameters().values().stream().mapToLong(t -> t.size()).sum();
        assertEquals(built, MemoryEstimate.of(GRU, spec).parameters());
    }

    @Test
    void aHiddenSizeOfABillionIsRefusedWithTheNumbers() {
        ModelSpec spec = ModelSpec.tagger(65, 1_000_000_000, 65);
        HeapLimit.Exceeded e = assertThrows(HeapLimit.Exceeded.class, () -> Models.build(GRU, spec, 1));
        assertTrue(e.getMessage().startsWith("a model of 3000000263000000065 parameters (hidden size 1000000000, 65 "
                + "inputs, 65 outputs) needs more than 8.0 EB of memory, and the JVM may use "
                + HeapLimit.format(HeapLimit.heap())), e.getMessage());
        assertEquals(Remedy.SMALLER_MODEL, e.remedy());
        assertTrue(e.getMessage().endsWith("; build the model with a smaller hidden size (ModelSpec's hidden), or give "
                + "Java more memory (JDK_JAVA_OPTIONS=-Xmx<size>)"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), "a Java caller has no command-line options: " + e.getMessage());
    }

    @Test
    void batchesBeyondTheHeapAreRefusedWithTheirShare() {
        ModelSpec spec = ModelSpec.tagger(100_000_000, 64, 100_000_000);
        HeapLimit.Exceeded e = assertThrows(HeapLimit.Exceeded.class,
                () -> MemoryEstimate.of(GRU, spec).requireTraining(spec, 64, 32));
        assertTrue(e.getMessage().contains("on batches of 64 steps × 32 sequences (")
                && e.getMessage().contains("the inputs are one-hot vectors of 100000000 tokens: a smaller vocabulary "
                + "helps most"), e.getMessage());
        assertEquals(Remedy.SMALLER_TRAINING, e.remedy());
        assertTrue(e.getMessage().endsWith("; use a smaller hidden size (ModelSpec's hidden), fewer sequences in a "
                + "batch or fewer steps in each, or give Java more memory (JDK_JAVA_OPTIONS=-Xmx<size>)"), e.getMessage());
        assertFalse(e.getMessage().contains("--"), "a Java caller has no command-line options: " + e.getMessage());
    }
}
