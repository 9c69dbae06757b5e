package io.rnnc.runtime.blas;

import java.io.PrintStream;
import java.util.function.Supplier;

/** Chooses the process-wide {@link Blas} once, on first use. */
final class BlasSelection {
    /** The system property that can force the pure-Java implementation. */
    static final String PROPERTY = "rnnc.blas";

    // A lambda rather than NativeBlas::load, so that NativeBlas is first resolved inside select's try.
    static final Blas INSTANCE = select(System.getProperty(PROPERTY), BlasSelection::loadNative, System.err);

    private BlasSelection() {
    }

    /**
     * The pure-Java implementation when {@code mode} is {@code java}; otherwise the native one,
     * or, when it fails to load, the pure-Java one after one line on {@code err}.
     */
    static Blas select(String mode, Supplier<Blas> loadNative, PrintStream err) {
        if ("java".equals(mode)) {
            return new JavaBlas();
        }
        try {
            return loadNative.get();
        } catch (LinkageError | RuntimeException e) {
            // LinkageError covers a missing or unloadable library (UnsatisfiedLinkError) and
            // missing JavaCPP classes (NoClassDefFoundError); RuntimeException a failed extraction.
            err.println("rnnc: native OpenBLAS could not be loaded (" + reason(e)
                    + "); using the pure-Java BLAS, which is slower");
            return new JavaBlas();
        }
    }

    /**
     * OpenBLAS with pinned operands, or with staged ones where netlib's binding cannot load
     * over it: both compute the same, the second more slowly, so the fallback is silent
     * ({@code rnnc bench} prints the BLAS in use).
     */
    private static Blas loadNative() {
        if ("staged".equals(System.getProperty(PROPERTY))) {
            return NativeBlas.load();
        }
        try {
            return PinnedBlas.load();
        } catch (LinkageError | RuntimeException e) {
            return NativeBlas.load();
        }
    }

    /** The failure on one line. */
    private static String reason(Throwable e) {
        String text = e.toString();
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
