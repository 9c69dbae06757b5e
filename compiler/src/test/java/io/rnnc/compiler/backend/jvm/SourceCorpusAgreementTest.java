package io.rnnc.compiler.backend.jvm;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JVM backend agrees with the reference interpreter on every cell of the corpus of
 * well-known sources (float64 1e-10, float32 1e-4), forward and backward: the notations read
 * there (stacked left sides sliced from a sum, layer norm's means, diagonal matrices, transposed
 * weights) compile to code that computes what the interpreter does.
 */
class SourceCorpusAgreementTest {

    @TestFactory
    Stream<DynamicTest> everySourceCellAgrees() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : SourceCorpus.sources()) {
            Path file = SourceCorpus.file(source, "latex");
            Frontend.Result r = Frontend.check(Source.fromBytes(file.getFileName().toString(), Files.readAllBytes(file)));
            for (TypedCell cell : r.cells()) {
                tests.add(dynamicTest(source + ": " + cell.name(), () -> {
                    double f64 = JvmAgreementTest.worstError(cell, true, 3);
                    double f32 = JvmAgreementTest.worstError(cell, false, 3);
                    assertTrue(f64 < 1e-10, source + " " + cell.name() + " float64 error " + f64);
                    assertTrue(f32 < 1e-4, source + " " + cell.name() + " float32 error " + f32);
                }));
            }
        }
        return tests.stream();
    }
}
