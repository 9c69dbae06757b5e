package io.rnnc.runtime.data;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Data files of `first<TAB>second` lines (labelled texts, translation pairs); blank lines are
 * skipped, and a first line that names the columns (`label<TAB>text`) is a header, not an example.
 */
public final class TsvPairs {
    /** Words a header uses to name the columns of these files. */
    private static final Set<String> COLUMN_NAMES = Set.of("label", "labels", "class", "category", "target", "y",
            "source", "src", "tgt", "input", "output", "text", "sentence", "review", "document", "x", "value", "sequence",
            "tokens", "words", "tags");

    private TsvPairs() {
    }

    /** Whether a file's first line is a header: said, or detected. */
    public enum Header {
        YES, NO, AUTO
    }

    /** One line of the file: its two fields and where it is, for errors. */
    public record Pair(String first, String second, String where) {
    }

    /**
     * The pairs of a file, at least {@code least}.
     *
     * @param name the file's name, for errors
     * @param text the file's text
     * @param form how a line should look, for errors: `label<TAB>text`
     * @param labelled whether the first column is a label that repeats (classify), which tells a
     *     header apart by being unique
     * @param err where a detected header is announced
     * @throws DataException naming the file and line of the first line that is not a pair
     */
    public static List<Pair> read(String name, String text, String form, boolean labelled, Header header, int least,
                                  PrintWriter err) {
        List<Pair> pairs = new ArrayList<>();
        String[] lines = text.split("\n");
        int first = -1;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (first < 0) {
                first = i;
                if (header == Header.YES) {
                    continue;
                }
            }
            String[] parts = lines[i].split("\t", 2);
            if (parts.length != 2) {
                throw new DataException(name + ":" + (i + 1) + ": has no tab; each line is `" + form
                        + "`, the two parts separated by a tab character");
            }
            if (parts[0].isBlank() || parts[1].isEmpty()) {
                throw new DataException(name + ":" + (i + 1) + ": expected `" + form + "`, but "
                        + (parts[0].isBlank() ? "the part before the tab" : "the part after the tab")
                        + " is empty; fill it in or remove the line");
            }
            pairs.add(new Pair(parts[0], parts[1], name + ":" + (i + 1)));
        }
        if (header == Header.AUTO && !pairs.isEmpty() && looksLikeHeader(pairs, labelled)) {
            err.printf("rnnc: %s:%d: `%s<TAB>%s` is read as a header naming the columns, not as an example; "
                    + "--header no reads it as data%n", name, first + 1, pairs.get(0).first(), pairs.get(0).second());
            err.flush();
            pairs.remove(0);
        }
        if (pairs.size() < least) {
            throw new DataException(name + ": needs at least " + least + " line" + (least == 1 ? "" : "s")
                    + " of `" + form + "`, has " + pairs.size());
        }
        return pairs;
    }

    /**
     * A first line is a header when it names its columns with the usual words; for labelled
     * data, only when its label occurs on no other line, as a class name would.
     */
    private static boolean looksLikeHeader(List<Pair> pairs, boolean labelled) {
        Pair head = pairs.get(0);
        boolean named = COLUMN_NAMES.contains(head.first().strip().toLowerCase(Locale.ROOT))
                && COLUMN_NAMES.contains(head.second().strip().toLowerCase(Locale.ROOT));
        if (!labelled) {
            return named;
        }
        boolean unique = pairs.stream().skip(1).noneMatch(p -> p.first().equals(head.first()));
        return unique && (named || COLUMN_NAMES.contains(head.first().strip().toLowerCase(Locale.ROOT)));
    }
}
