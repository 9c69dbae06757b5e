package io.rnnc.cli;

import io.rnnc.runtime.data.DataException;
import java.util.ArrayList;
import java.util.List;

/** Data files of `first<TAB>second` lines (labelled texts, translation pairs); blank lines are skipped. */
final class TsvPairs {
    private TsvPairs() {
    }

    /**
     * The pairs of {@code text}, at least two.
     *
     * @param form how a line should look, for errors: `label<TAB>text`
     * @throws DataException naming the file and line of the first line that is not a pair
     */
    static List<String[]> read(String text, String where, String form) {
        List<String[]> pairs = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] parts = lines[i].split("\t", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isEmpty()) {
                throw new DataException(where + ":" + (i + 1) + ": expected `" + form + "`");
            }
            pairs.add(parts);
        }
        if (pairs.size() < 2) {
            throw new DataException(where + ": needs at least 2 lines of `" + form + "`, has " + pairs.size());
        }
        return pairs;
    }
}
