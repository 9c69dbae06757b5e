package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.jvm.CodeBudget;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.kernels.LaneSupport;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every generated method of every stdlib cell stays under 8,000 bytes of bytecode, the most
 * HotSpot compiles (a longer method runs interpreted), and shorter than the shortest method C1
 * was seen to refuse, in float32 at sizes where the vector loops run (whole vectors only, and
 * vectors with a scalar remainder) and in float64.
 */
class GeneratedMethodSizeTest {

    static Stream<String> cells() {
        return Stdlib.names().stream();
    }

    @ParameterizedTest
    @MethodSource("cells")
    void everyGeneratedMethodFitsTheJit(String name) {
        TypedCell cell = Stdlib.cell(name);
        int lanes = LaneSupport.floatLanes();
        assertTrue(lanes > 0, "the tests run with --add-modules jdk.incubator.vector, so kernels have vector loops");
        for (int size : new int[] {128, 2 * lanes + 3}) {
            Map<String, Integer> sizes = new HashMap<>(Map.of("H", size, "X", size));
            cell.sizeParams().forEach(s -> sizes.put(s, size));
            for (boolean f64 : new boolean[] {false, true}) {
                CompiledCell compiled = CompiledCell.compile(CellProgram.grouped(cell), sizes, f64);
                compiled.classFiles().forEach((kernel, bytes) -> CodeBudget.codeLengths(bytes).forEach((method, length) ->
                        assertTrue(length < Math.min(8000, CodeBudget.C1_REFUSED), name + " at " + size
                                + (f64 ? " in float64: " : ": ") + kernel + "." + method + " has " + length + " bytes")));
            }
        }
    }
}
