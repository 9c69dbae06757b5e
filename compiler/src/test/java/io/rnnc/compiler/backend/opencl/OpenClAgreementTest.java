package io.rnnc.compiler.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.backend.jvm.CodeBudget;
import io.rnnc.compiler.autodiff.RandomCells;
import io.rnnc.compiler.check.TypedCell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenCL backend computes what the JVM backend computes in float32, to 1e-4 relative:
 * outputs, final states and every gradient, on batches of different lengths.
 */
class OpenClAgreementTest {
    private static final int[] LENGTHS = {6, 4, 1, 6};

    static String resource(String path) throws IOException {
        try (InputStream in = OpenClAgreementTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/seeds/seed000_elman.rnn", "/seeds/seed001_row_vectors.rnn", "/seeds/seed002_lstm.rnn",
            "/seeds/seed004_rnn.rnn", "/seeds/seed004_gru.rnn", "/seeds/seed004_lstm.rnn"})
    void seedCellsAgree(String path) throws Exception {
        TypedCell cell = TestCells.check(path, resource(path));
        double err = LayerComparison.worstError(cell, 1, 5, 3, LENGTHS);
        assertTrue(err < 1e-4, path + " error " + err);
    }

    /** Recurrent-state dropout: the same masks give the same results on both backends. */
    @ParameterizedTest
    @ValueSource(strings = {"/seeds/seed002_lstm.rnn", "/seeds/seed004_gru.rnn"})
    void stateMasksAgree(String path) throws Exception {
        TypedCell cell = TestCells.check(path, resource(path));
        double err = LayerComparison.worstError(cell, 3, 5, 3, LENGTHS, true);
        assertTrue(err < 1e-4, path + " error " + err);
    }

    /** Sizes that are not multiples of the tile or the work-group, and a batch over several tiles. */
    @Test
    void sizesThatDoNotFillTilesAgree() throws Exception {
        TypedCell cell = TestCells.check("lstm", resource("/seeds/seed002_lstm.rnn"));
        int[] lengths = new int[37];
        java.util.Arrays.fill(lengths, 3);
        lengths[5] = 2;
        double err = LayerComparison.worstError(cell, 7, 33, 17, lengths);
        assertTrue(err < 1e-4, "error " + err);
    }

    /**
     * Chains of gates long enough that their regions are cut into several methods, each
     * region's method calling its parts in turn: one work-item per element of the long run, cut
     * into pieces of one width; and, with a mean after it, one work-item per row.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void cellsCutIntoSeveralMethodsAgree(boolean centred) throws Exception {
        TypedCell cell = TestCells.check("chain.rnn", TestCells.gateChain(12, centred));
        OpenClCell compiled = OpenClCell.compile(CellProgram.grouped(cell), Map.of("H", 19, "X", 3));
        assertTrue(CodeBudget.codeLengths(compiled.classFile()).keySet().stream().anyMatch(m -> m.endsWith("_1()V")),
                "some region is cut into methods");
        double err = LayerComparison.worstError(cell, 2, 19, 3, LENGTHS);
        assertTrue(err < 1e-4, "error " + err);
    }

    @Test
    void randomCellsAgree() throws Exception {
        Random seeds = new Random(20261125);
        for (int i = 0; i < 4; i++) {
            long seed = seeds.nextLong();
            String text = RandomCells.generate(seed);
            TypedCell cell = TestCells.check("random.rnn", text);
            double err = LayerComparison.worstError(cell, seed, 5, 3, LENGTHS);
            assertTrue(err < 1e-4, "error " + err + "\n" + text);
        }
    }
}
