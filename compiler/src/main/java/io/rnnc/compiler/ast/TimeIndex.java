package io.rnnc.compiler.ast;

/**
 * The time index of a name: `t` is lag 0, `t-1` lag 1, `t+1` lag -1 (the future, an error
 * the checker reports).
 *
 * @param lag how many steps back
 */
public record TimeIndex(int lag) {
    /** The current step. */
    public static final TimeIndex NOW = new TimeIndex(0);

    /** `t`, `t-1`, `t+1` as written in subscript form. */
    @Override
    public String toString() {
        return lag == 0 ? "t" : lag > 0 ? "t-" + lag : "t+" + (-lag);
    }
}
