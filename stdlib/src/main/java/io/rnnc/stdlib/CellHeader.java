package io.rnnc.stdlib;

import io.rnnc.compiler.source.HeaderComment;
import io.rnnc.compiler.source.Source;
import java.util.List;

/**
 * What a stdlib cell's header comment says about it. Each cell file begins with a comment whose
 * first line describes the cell in one sentence and whose second begins `Source: `, the short
 * citation (authors and year) before ` — ` and the full reference and the equations
 * transcribed after it; then what the cell is known for and where the transcription departs
 * from the paper.
 *
 * @param description the first line
 * @param citation the short citation: `Greff et al. 2017`
 * @param reference the whole `Source:` line after its label
 * @param lines the whole comment, markers removed
 */
public record CellHeader(String description, String citation, String reference, List<String> lines) {
    private static final String SOURCE = "Source: ";
    private static final String DASH = " — ";

    /** The header of {@code source}; its fields are empty where the comment lacks them. */
    public static CellHeader of(Source source) {
        List<String> lines = HeaderComment.lines(source);
        String description = lines.isEmpty() ? "" : lines.get(0);
        String reference = lines.stream().filter(l -> l.startsWith(SOURCE)).findFirst()
                .map(l -> l.substring(SOURCE.length())).orElse("");
        int dash = reference.indexOf(DASH);
        return new CellHeader(description, dash < 0 ? reference : reference.substring(0, dash), reference, lines);
    }
}
