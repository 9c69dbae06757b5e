package io.rnnc.compiler.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The product count that predicts a cell's time, checked against the LSTM's by hand. */
class GemmFlopsTest {

    @Test
    void lstmCountsItsProductsByHand() throws IOException {
        int h = 5;
        int x = 3;
        long tb = 7 * 2;
        String path = "/seeds/seed002_lstm.rnn";
        CompiledCell lstm = CompiledCell.compile(CellProgram.grouped(TestCells.check(path, JvmAgreementTest.resource(path))),
                Map.of("H", h, "X", x), false);
        // forward: the input's products over all steps and the state's at each step; backward: the
        // state's transposed at each step; the two weight gradients; and, if asked, the input's gradient.
        long forward = 2 * tb * (4L * h * x + 4L * h * h);
        long backward = 2 * tb * 4L * h * h;
        long weights = 2 * tb * (4L * h * x + 4L * h * h);
        long input = 2 * tb * 4L * h * x;
        assertEquals(forward + backward + weights, lstm.gemmFlops(7, 2, false));
        assertEquals(forward + backward + weights + input, lstm.gemmFlops(7, 2, true));
    }
}
