package io.rnnc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.check.TypedCell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The derived backward pass of every seed cell agrees with central finite differences. */
class SeedGradientTest {

    @ParameterizedTest
    @ValueSource(strings = {"seed000_elman.rnn", "seed001_row_vectors.rnn", "seed002_lstm.rnn", "seed004_rnn.rnn",
            "seed004_gru.rnn", "seed004_lstm.rnn"})
    void seedCellsPassGradcheck(String file) throws IOException {
        String text;
        try (InputStream in = SeedGradientTest.class.getResourceAsStream("/seeds/" + file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        TypedCell cell = TestCells.check(file, text);
        Map<String, Double> report = GradientCheckSupport.check(cell, 42);
        report.forEach((tensor, err) -> assertTrue(err < 1e-6, file + ": " + tensor + " relative error " + err));
    }
}
