package io.rnnc.compiler.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The comment a file begins with, as `rnnc show` prints it above the equations. */
class HeaderCommentTest {

    @Test
    void theLeadingCommentWithoutItsMarkers() {
        Source s = new Source("c.rnn", "\n# The cell.\n#\n#   indented\n// other marker\n\ncell C {\n  # not the header\n}\n");
        assertEquals(List.of("The cell.", "", "  indented", "other marker"), HeaderComment.lines(s));
    }

    @Test
    void aFileThatBeginsWithAnEquationHasNone() {
        assertEquals(List.of(), HeaderComment.lines(new Source("c.rnn", "h_t = tanh(W x_t)\n# later\n")));
        assertEquals(List.of(), HeaderComment.lines(new Source("c.rnn", "")));
    }
}
