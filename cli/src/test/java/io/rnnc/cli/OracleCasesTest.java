package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * `rnnc run` reproduces PyTorch's float64 results: to 1e-9 on the interpreter and the JVM
 * backend in float64, to 1e-4 in float32 (the oracle's own tolerances).
 */
class OracleCasesTest {
    static final java.util.List<String> CASES = OracleCases.NAMES;

    @ParameterizedTest
    @FieldSource("CASES")
    void interpreterMatchesPyTorch(String name, @TempDir Path dir) throws Exception {
        Map<String, Double> errors = OracleCases.run(OracleCases.extract(name, dir), dir,
                "--backend", "interp", "--precision", "f64");
        assertTrue(errors.size() > 3, "compared " + errors.keySet());
        errors.forEach((tensor, err) -> assertTrue(err <= 1e-9, name + ": " + tensor + " relative error " + err));
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void jvmBackendMatchesPyTorchInFloat64(String name, @TempDir Path dir) throws Exception {
        Map<String, Double> errors = OracleCases.run(OracleCases.extract(name, dir), dir,
                "--backend", "jvm", "--precision", "f64");
        errors.forEach((tensor, err) -> assertTrue(err <= 1e-9, name + ": " + tensor + " relative error " + err));
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void jvmBackendMatchesPyTorchInFloat32(String name, @TempDir Path dir) throws Exception {
        Map<String, Double> errors = OracleCases.run(OracleCases.extract(name, dir), dir,
                "--backend", "jvm", "--precision", "f32");
        errors.forEach((tensor, err) -> assertTrue(err <= 1e-4, name + ": " + tensor + " relative error " + err));
    }
}
