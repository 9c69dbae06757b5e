package io.rnnc.runtime.predict;

/** Values written as fields of the tab-separated lines `rnnc predict` prints. */
public final class TsvFields {
    private TsvFields() {
    }

    /** {@code value} as one field: backslashes, tabs and line breaks escaped as in C. */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
