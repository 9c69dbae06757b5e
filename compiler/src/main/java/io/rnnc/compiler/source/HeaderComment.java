package io.rnnc.compiler.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The comment a `.rnn` file begins with: what the cell is and where it comes from, as the
 * stdlib's cells write it. `rnnc show` prints it above the equations.
 */
public final class HeaderComment {
    private HeaderComment() {
    }

    /**
     * The lines of the comment {@code source} begins with, comment markers (`#`, `//`, `%`) and
     * one space after them removed; blank lines inside it are kept, those around it dropped.
     * Empty when the file does not begin with a comment.
     */
    public static List<String> lines(Source source) {
        List<String> out = new ArrayList<>();
        for (String line : source.text().split("\\R", -1)) {
            String t = line.strip();
            String marker = t.startsWith("//") ? "//" : t.startsWith("#") ? "#" : t.startsWith("%") ? "%" : null;
            if (marker == null && !t.isEmpty()) {
                break;
            }
            String body = marker == null ? "" : t.substring(marker.length());
            out.add(body.startsWith(" ") ? body.substring(1) : body);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        while (!out.isEmpty() && out.get(0).isBlank()) {
            out.remove(0);
        }
        return out;
    }
}
