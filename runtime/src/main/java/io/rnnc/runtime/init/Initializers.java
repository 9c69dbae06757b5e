package io.rnnc.runtime.init;

/**
 * The parameter initialisation rules, built directly or from their text form. Rules that treat a
 * tensor as a matrix (xavier, orthogonal, identity) refuse vectors; zeros, constant, uniform and
 * pytorch_rnn fill any shape.
 */
public final class Initializers {

    private Initializers() {
    }

    /**
     * All zeros.
     *
     * @return the rule {@code zeros}
     */
    public static Initializer zeros() {
        return new ConstantFill(0, "zeros");
    }

    /**
     * Every element {@code value}.
     *
     * @param value a finite number
     * @return the rule {@code constant:value}
     * @throws IllegalArgumentException if {@code value} is not finite
     */
    public static Initializer constant(double value) {
        return new ConstantFill(value, "constant:" + value);
    }

    /**
     * Independent draws from U(−bound, bound).
     *
     * @param bound a finite number {@code > 0}
     * @return the rule {@code uniform:bound}
     * @throws IllegalArgumentException if {@code bound} is not a finite positive number
     */
    public static Initializer uniform(double bound) {
        return new UniformFill(bound, "uniform:" + bound);
    }

    /**
     * PyTorch's default for recurrent layers: U(−1/√hidden, 1/√hidden).
     *
     * @param hidden the hidden size, {@code >= 1}
     * @return the rule {@code pytorch_rnn:hidden}
     * @throws IllegalArgumentException if {@code hidden} is less than 1
     */
    public static Initializer pytorchRnn(int hidden) {
        if (hidden < 1) {
            throw new IllegalArgumentException("pytorch_rnn needs a hidden size >= 1, not " + hidden);
        }
        return new UniformFill(1 / Math.sqrt(hidden), "pytorch_rnn:" + hidden);
    }

    /**
     * Glorot uniform with gain 1: U(−a, a) with {@code a = √(6 / (fanIn + fanOut))}, where a matrix
     * {@code [out, in]} has {@code fanIn = in} and {@code fanOut = out}.
     *
     * @return the rule {@code xavier_uniform}
     */
    public static Initializer xavierUniform() {
        return new Xavier(false);
    }

    /**
     * Glorot normal with gain 1: N(0, 2 / (fanIn + fanOut)).
     *
     * @return the rule {@code xavier_normal}
     */
    public static Initializer xavierNormal() {
        return new Xavier(true);
    }

    /**
     * A random orthogonal matrix, or one with orthonormal rows or columns when rectangular, as
     * torch.nn.init's {@code orthogonal_} with gain 1.
     *
     * @return the rule {@code orthogonal}
     */
    public static Initializer orthogonal() {
        return new Orthogonal();
    }

    /**
     * {@code scale} times the identity; a rectangular matrix gets it on its leading diagonal.
     *
     * @param scale a finite number
     * @return the rule {@code identity}, or {@code identity:scale} when the scale is not 1
     * @throws IllegalArgumentException if {@code scale} is not finite
     */
    public static Initializer identity(double scale) {
        return new Identity(scale);
    }

    /**
     * Builds a rule from its text form: {@code zeros}, {@code constant:C}, {@code uniform:A},
     * {@code xavier} or {@code xavier_uniform}, {@code xavier_normal}, {@code orthogonal},
     * {@code identity}, {@code identity:S} or {@code pytorch_rnn:H}. Every rule's
     * {@link Initializer#name()} is such a form.
     *
     * @param spec the text form
     * @return the rule
     * @throws IllegalArgumentException with a message naming the text, if it is none of these
     *     forms or its number is out of range
     */
    public static Initializer parse(String spec) {
        return InitializerSpec.parse(spec);
    }
}
