package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Printed output compared byte for byte with a file under `src/test/resources/golden/`. After an
 * intended change, {@code -Drnnc.updateGoldens=true} rewrites the files; review the diff.
 */
final class Goldens {
    private static final boolean UPDATE = Boolean.getBoolean("rnnc.updateGoldens");
    /** Maven runs tests in the module's directory. */
    static final Path ROOT = Path.of("src", "test", "resources", "golden");

    private Goldens() {
    }

    static void check(Path golden, String actual) throws IOException {
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(golden), () -> golden + " is missing; run with -Drnnc.updateGoldens=true");
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
    }
}
