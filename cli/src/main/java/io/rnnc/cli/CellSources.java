package io.rnnc.cli;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.source.Source;
import java.io.PrintWriter;
import io.rnnc.stdlib.Stdlib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the text of a cell given on the command line: a file path, `stdlib:NAME`, or
 * `FILE:CELL` for one cell of a file that holds several.
 */
public final class CellSources {
    /** Larger files are refused before reading; the front end's own limit is lower still. */
    private static final long MAX_BYTES = 16L << 20;

    private CellSources() {
    }

    /** A file (or stdlib cell) and, where the reference names one, the cell within it. */
    record Ref(String file, String cell) {
        /**
         * `FILE:CELL` is read as a cell of FILE where no file is named the whole of it;
         * `stdlib:NAME` is a stdlib cell.
         */
        static Ref parse(String ref) {
            int colon = ref.lastIndexOf(':');
            if (Stdlib.isStdlibRef(ref) || colon <= 0 || colon == ref.length() - 1 || Files.exists(Path.of(ref))) {
                return new Ref(ref, null);
            }
            return new Ref(ref.substring(0, colon), ref.substring(colon + 1));
        }
    }

    /**
     * The cell {@code ref} names, checked: the file's one cell, or the one `FILE:CELL` names;
     * diagnostics go to {@code err}, and a cell with errors ends the command with status 3.
     */
    public static TypedCell checkedCell(String ref, PrintWriter err) {
        List<TypedCell> cells = checkedCells(ref, err);
        if (cells.size() != 1) {
            throw new UserError(ref + ": holds " + cells.size() + " cells (" + names(cells) + "); name one as "
                    + ref + ":" + cells.get(0).name());
        }
        return cells.get(0);
    }

    /** The cells {@code ref} names, checked: all of a file's, or the one `FILE:CELL` names. */
    static List<TypedCell> checkedCells(String ref, PrintWriter err) {
        Ref r = Ref.parse(ref);
        Frontend.Result result = Frontend.check(load(r.file()));
        err.print(DiagnosticPrinter.format(result.diagnostics().sorted()));
        err.flush();
        if (!result.ok()) {
            throw new ExitStatus(Exit.BAD_INPUT);
        }
        if (r.cell() == null) {
            return result.cells();
        }
        return List.of(result.cells().stream().filter(c -> c.name().equals(r.cell())).findFirst()
                .orElseThrow(() -> new UserError(r.file() + ": has no cell `" + r.cell() + "`; it holds "
                        + names(result.cells()))));
    }

    private static String names(List<TypedCell> cells) {
        return String.join(", ", cells.stream().map(TypedCell::name).toList());
    }

    /** The text of a file or stdlib cell (not `FILE:CELL`). */
    static Source load(String ref) {
        if (Stdlib.isStdlibRef(ref)) {
            String name = ref.substring(Stdlib.PREFIX.length());
            Source s = Stdlib.source(name);
            if (s == null) {
                throw new UserError(ref + ": no such stdlib cell; there are " + String.join(", ",
                        Stdlib.names().stream().map(n -> Stdlib.PREFIX + n).toList()));
            }
            return s;
        }
        Path path = Path.of(ref);
        try {
            if (Files.isDirectory(path)) {
                throw new UserError(ref + ": is a directory, not a .rnn file");
            }
            if (Files.size(path) > MAX_BYTES) {
                throw new UserError(ref + ": file is too large for a cell (" + Files.size(path) + " bytes)");
            }
            return Source.fromBytes(ref, Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new UserError(ref + ": no such file");
        } catch (IOException e) {
            throw new UserError(ref + ": cannot read the file (" + e.getMessage() + ")");
        }
    }
}
