package io.rnnc.compiler.model;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Cells for the Java API: read, parsed and checked in one call, with the diagnostics as the
 * error. A source may hold several cells; name the one wanted, or leave it out where there is
 * one. {@code Stdlib.cell("lstm")} gives the library's cells.
 */
public final class Cells {
    /** The name diagnostics give a source text that is not a file. */
    private static final String TEXT = "<source>";

    private Cells() {
    }

    /**
     * The one cell of a source text.
     *
     * @throws InvalidCellException when the text has errors or holds more than one cell
     */
    public static TypedCell parse(String source) {
        return only(new Source(TEXT, source));
    }

    /**
     * The cell named {@code cellName} in a source text that may hold several.
     *
     * @throws InvalidCellException when the text has errors or has no such cell
     */
    public static TypedCell parse(String source, String cellName) {
        return named(new Source(TEXT, source), cellName);
    }

    /**
     * The one cell of a {@code .rnn} file.
     *
     * @throws IOException when the file cannot be read
     * @throws InvalidCellException when the file has errors or holds more than one cell
     */
    public static TypedCell read(Path file) throws IOException {
        return only(Source.fromBytes(file.toString(), Files.readAllBytes(file)));
    }

    /**
     * The cell named {@code cellName} in a {@code .rnn} file that may hold several.
     *
     * @throws IOException when the file cannot be read
     * @throws InvalidCellException when the file has errors or has no such cell
     */
    public static TypedCell read(Path file, String cellName) throws IOException {
        return named(Source.fromBytes(file.toString(), Files.readAllBytes(file)), cellName);
    }

    /**
     * The one cell of a source.
     *
     * @throws InvalidCellException when the source has errors or holds more than one cell
     */
    public static TypedCell only(Source source) {
        List<TypedCell> cells = checked(source);
        if (cells.size() != 1) {
            throw new InvalidCellException(source.name() + ": holds " + cells.size() + " cells ("
                    + names(cells) + "); name one of them");
        }
        return cells.get(0);
    }

    private static TypedCell named(Source source, String cellName) {
        List<TypedCell> cells = checked(source);
        return cells.stream().filter(c -> c.name().equals(cellName)).findFirst()
                .orElseThrow(() -> new InvalidCellException(source.name() + ": has no cell `" + cellName
                        + "`; it holds " + names(cells)));
    }

    private static List<TypedCell> checked(Source source) {
        Frontend.Result r = Frontend.check(source);
        if (!r.ok()) {
            throw new InvalidCellException(DiagnosticPrinter.format(r.diagnostics().sorted()));
        }
        return r.cells();
    }

    private static String names(List<TypedCell> cells) {
        return String.join(", ", cells.stream().map(TypedCell::name).toList());
    }
}
