package io.rnnc.compiler.diag;

/** How bad a diagnostic is: errors stop compilation, warnings do not. */
public enum Severity {
    ERROR, WARNING;

    /** The word printed after the position, as compilers print it. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
