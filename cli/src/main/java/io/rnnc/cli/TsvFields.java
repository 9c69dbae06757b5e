package io.rnnc.cli;

/** Values written as fields of the tab-separated lines `rnnc predict` prints. */
final class TsvFields {
    private TsvFields() {
    }

    /** {@code value} as one field: backslashes, tabs and line breaks escaped as in C. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
