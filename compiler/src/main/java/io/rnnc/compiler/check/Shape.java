package io.rnnc.compiler.check;

/**
 * The shape of one sample's value in a step: a scalar (which broadcasts), a vector of a
 * {@link Size}, or unknown after an error (which silences follow-on errors).
 *
 * @param kind which of the three
 * @param size the length of a vector, else null
 */
public record Shape(Kind kind, Size size) {
    /** The scalar shape. */
    public static final Shape SCALAR = new Shape(Kind.SCALAR, null);
    /** The shape of something that failed to check. */
    public static final Shape UNKNOWN = new Shape(Kind.UNKNOWN, null);

    /** A vector of {@code size}. */
    public static Shape vector(Size size) {
        return new Shape(Kind.VECTOR, size);
    }

    /** True for a vector. */
    public boolean isVector() {
        return kind == Kind.VECTOR;
    }

    /** True for a scalar. */
    public boolean isScalar() {
        return kind == Kind.SCALAR;
    }

    /** True after an error. */
    public boolean isUnknown() {
        return kind == Kind.UNKNOWN;
    }

    /** The three kinds of shape. */
    public enum Kind {
        SCALAR, VECTOR, UNKNOWN
    }
}
