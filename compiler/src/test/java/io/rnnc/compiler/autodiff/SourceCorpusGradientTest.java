package io.rnnc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.SourceCorpus;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every cell of the corpus of well-known sources (`sources/*.latex.rnn`) passes a float64
 * gradient check on the reference interpreter: what rnnc read from the papers' notation is a
 * cell it differentiates correctly (LayerNorm's stacked gates and means, per-unit forms, primes,
 * transposes, shifted time among them).
 */
class SourceCorpusGradientTest {

    @TestFactory
    Stream<DynamicTest> everySourceCellPassesGradcheck() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : SourceCorpus.sources()) {
            Path file = SourceCorpus.file(source, "latex");
            Frontend.Result r = Frontend.check(Source.fromBytes(file.getFileName().toString(), Files.readAllBytes(file)));
            for (TypedCell cell : r.cells()) {
                tests.add(dynamicTest(source + ": " + cell.name(), () -> {
                    Map<String, Double> report = GradientCheckSupport.check(cell, 7);
                    report.forEach((tensor, err) -> assertTrue(err < 1e-6,
                            source + " " + cell.name() + ": " + tensor + " relative error " + err));
                }));
            }
        }
        return tests.stream();
    }
}
