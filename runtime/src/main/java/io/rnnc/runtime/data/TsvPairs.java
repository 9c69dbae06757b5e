package io.rnnc.runtime.data;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Data files of {@code first<TAB>second} lines (labelled texts, translation pairs); blank lines are
 * skipped, and a first line that names the columns ({@code label<TAB>text}) is a header, not an example.
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
     * @param form how a line should look, for errors: {@code label<TAB>text}
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
            pairs.add(pair(lines[i], name + ":" + (i + 1), form));
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
     * The pair on one line.
     *
     * @param where the file and line, for errors
     * @param form how a line should look, for errors: {@code label<TAB>text}
     * @throws DataException naming the file and line where the line is not a pair
     */
    public static Pair pair(String line, String where, String form) {
        String[] parts = line.split("\t", 2);
        if (parts.length != 2) {
            throw new DataException(where + ": has no tab; each line is `" + form
                    + "`, the two parts separated by a tab character");
        }
        if (parts[0].isBlank() || parts[1].isEmpty()) {
            throw new DataException(where + ": expected `" + form + "`, but "
                    + (parts[0].isBlank() ? "the part before the tab" : "the part after the tab")
                    + " is empty; fill it in or remove the line");
        }
        return new Pair(parts[0], parts[1], where);
    }

    /**
     * A first line is a header when it names its columns with the usual words; for labelled
     * data, only when its label occurs on no other line, as a class name would.
     */
    private static boolean looksLikeHeader(List<Pair> pairs, boolean labelled) {
        Pair head = pairs.get(0);
        return looksLikeHeader(head.first(), head.second(), labelled,
                pairs.stream().skip(1).anyMatch(p -> p.first().equals(head.first())));
    }

    /**
     * Whether a first line of two fields is a header, as {@code --header auto} decides.
     *
     * @param labelled whether the first column is a label that repeats
     * @param firstRepeats whether another line has the same first field
     */
    public static boolean looksLikeHeader(String first, String second, boolean labelled, boolean firstRepeats) {
        boolean named = COLUMN_NAMES.contains(first.strip().toLowerCase(Locale.ROOT))
                && COLUMN_NAMES.contains(second.strip().toLowerCase(Locale.ROOT));
        if (!labelled) {
            return named;
        }
        return !firstRepeats && (named || COLUMN_NAMES.contains(first.strip().toLowerCase(Locale.ROOT)));
    }
}
