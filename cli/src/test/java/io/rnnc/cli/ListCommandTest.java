package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.stdlib.CellHeader;
import io.rnnc.stdlib.Stdlib;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** `rnnc list` and `rnnc show stdlib:NAME`: the library as a user browses it. */
class ListCommandTest {

    private static Map<String, String> linesByCell() {
        TrainCommandTest.Result r = TrainCommandTest.rnnc("list");
        assertEquals(Exit.OK, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("cell "), lines.get(0));
        return lines.subList(1, lines.size()).stream()
                .collect(Collectors.toMap(l -> l.split("\\s+")[0], Function.identity()));
    }

    @Test
    void everyCellIsListedWithItsSourceAndDescription() {
        Map<String, String> lines = linesByCell();
        assertEquals(Stdlib.names().size(), lines.size());
        for (String name : Stdlib.names()) {
            String line = lines.get(Stdlib.PREFIX + name);
            CellHeader h = CellHeader.of(Stdlib.source(name));
            assertTrue(line != null && line.contains(h.citation()) && line.endsWith(h.description()), name + ": " + line);
        }
    }

    /** Counted by hand at H = X = 128 (P = 128): PyTorch reports the same for its modules. */
    @Test
    void parameterCountsAndStatesAreTheCells() {
        Map<String, String> lines = linesByCell();
        int h = 128;
        assertColumns(lines.get("stdlib:lstm"), "c, h", 4 * (h * h + h * h + 2 * h));
        assertColumns(lines.get("stdlib:gru"), "h", 3 * (h * h + h * h + 2 * h));
        assertColumns(lines.get("stdlib:lstm_proj"), "c, h[P]", 4 * (h * h + h * h + 2 * h) + h * h);
        assertColumns(lines.get("stdlib:indrnn"), "h", h * h + 2 * h);
    }

    private static void assertColumns(String line, String states, int parameters) {
        assertTrue(line.matches("\\S+\\s+" + java.util.regex.Pattern.quote(states) + "\\s+" + parameters + "\\s.*"), line);
    }

    @Test
    void showPrintsTheHeaderAboveTheEquations() {
        TrainCommandTest.Result r = TrainCommandTest.rnnc("show", "stdlib:janet");
        assertEquals(Exit.OK, r.status(), r.err());
        List<String> header = CellHeader.of(Stdlib.source("janet")).lines();
        assertTrue(r.out().startsWith("# " + header.get(0) + "\n# " + header.get(1) + "\n#\n"), r.out());
        assertTrue(r.out().indexOf("cell janet") > r.out().indexOf(header.get(header.size() - 1)), r.out());
    }
}
