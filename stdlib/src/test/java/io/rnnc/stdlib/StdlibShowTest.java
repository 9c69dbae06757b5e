package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.show.CellPrinter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** `rnnc show` prints the LSTM and GRU exactly as recorded. */
class StdlibShowTest {

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void showMatchesGolden(String name) throws IOException {
        Frontend.Result r = Frontend.check(Stdlib.source(name));
        String expected;
        try (InputStream in = StdlibShowTest.class.getResourceAsStream("/golden/" + name + ".show")) {
            assertNotNull(in);
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(expected, CellPrinter.print(r.cells().get(0)));
    }

    @Test
    void unknownNamesAreNotCells() {
        assertNull(Stdlib.source("transformer"));
    }
}
