package io.rnnc.compiler.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.SourceCorpus;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.source.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL backend computes what the JVM backend computes (float32, 1e-4) on the corpus cell
 * whose notation needed new code past the checker: Ba et al.'s layer-normalised LSTM, its gates
 * stacked on the left and sliced from a sum of normalised products.
 */
class SourceCorpusOpenClTest {
    private static final int[] LENGTHS = {5, 3, 1, 5};

    @Test
    void stackedGatesAgree() throws Exception {
        Path file = SourceCorpus.file("ba2016_layer_normalization", "latex");
        Frontend.Result r = Frontend.check(Source.fromBytes(file.getFileName().toString(), Files.readAllBytes(file)));
        TypedCell cell = r.cells().stream().filter(c -> c.name().equals("LayerNormLSTM")).findFirst().orElseThrow();
        double err = LayerComparison.worstError(cell, 5, 5, 3, LENGTHS);
        assertTrue(err < 1e-4, "error " + err);
    }
}
