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

/** Finds the text of a cell given on the command line: a file path or `stdlib:NAME`. */
final class CellSources {
    /** Larger files are refused before reading; the front end's own limit is lower still. */
    private static final long MAX_BYTES = 16L << 20;

    private CellSources() {
    }

    /**
     * The one cell of {@code ref}, checked; diagnostics go to {@code err}, and a cell with
     * errors ends the command with status 1.
     */
    static TypedCell checkedCell(String ref, PrintWriter err) {
        Frontend.Result result = Frontend.check(load(ref));
        err.print(DiagnosticPrinter.format(result.diagnostics().sorted()));
        err.flush();
        if (!result.ok()) {
            throw new ExitStatus(Exit.BAD_INPUT);
        }
        if (result.cells().size() != 1) {
            throw new UserError(ref + ": holds " + result.cells().size() + " cells ("
                    + String.join(", ", result.cells().stream().map(TypedCell::name).toList())
                    + "); this command takes a file with one cell");
        }
        return result.cells().get(0);
    }

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
