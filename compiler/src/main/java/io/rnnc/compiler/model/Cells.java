package io.rnnc.compiler.model;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cells for the Java API: read, parsed and checked in one call, with the diagnostics as the error. */
public final class Cells {
    private Cells() {
    }

    /** A cell that does not check; the message is the diagnostics as `rnnc check` prints them. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * The one cell of a source text.
     *
     * @param name the file name used in diagnostics
     * @throws Invalid when the text has errors or holds more than one cell
     */
    public static TypedCell parse(String name, String text) throws Invalid {
        return only(new Source(name, text));
    }

    /** The one cell of a `.rnn` file. */
    public static TypedCell read(Path file) throws IOException, Invalid {
        return only(Source.fromBytes(file.toString(), Files.readAllBytes(file)));
    }

    /** The one cell of a checked source. */
    public static TypedCell only(Source source) throws Invalid {
        Frontend.Result r = Frontend.check(source);
        if (!r.ok()) {
            throw new Invalid(DiagnosticPrinter.format(r.diagnostics().sorted()));
        }
        if (r.cells().size() != 1) {
            throw new Invalid(source.name() + ": holds " + r.cells().size() + " cells; name one of them");
        }
        return r.cells().get(0);
    }
}
