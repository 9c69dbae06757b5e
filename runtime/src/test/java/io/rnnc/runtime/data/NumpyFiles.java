package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;

/** The NumPy-written files of the test resources ({@code /data/npy/make_files.py}), and error checks. */
final class NumpyFiles {
    private NumpyFiles() {
    }

    /** The resource {@code /data/npy/NAME} as a file. */
    static Path file(String name) {
        URL url = NumpyFiles.class.getResource("/data/npy/" + name);
        assertNotNull(url, "missing test resource " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that {@code call} throws a DataException whose message is {@code message} exactly. */
    static void assertDataError(Executable call, String message) {
        DataException e = assertThrows(DataException.class, call);
        assertEquals(message, e.getMessage());
    }

    /** 0, 1, 2, … as doubles. */
    static double[] counting(int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }
}
