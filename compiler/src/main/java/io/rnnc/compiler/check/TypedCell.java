package io.rnnc.compiler.check;

import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.source.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cell that passed the checker: every name classified, every shape solved. This is what the
 * IR is lowered from and what `rnnc show` prints.
 *
 * @param name the cell's name
 * @param source its file
 * @param input the input's name
 * @param inputSize the input's size: X, unless the equations tie it to another size
 * @param states the values carried between steps, in order of definition
 * @param values every per-step value in an order where each comes after what it reads
 * @param params the learned parameters, in order of first use
 * @param views parameter names that stand for column blocks of another (`W_aa` in `W_a`)
 * @param output the value the layer outputs
 * @param sizeParams size variables other than H and X, bound when the cell is instantiated
 */
public record TypedCell(String name, Source source, String input, Size inputSize, List<State> states, List<Value> values,
                        List<Param> params, List<View> views, String output, List<String> sizeParams) {

    /** The hidden size variable. */
    public static final String HIDDEN = "H";
    /** The input size variable. */
    public static final String INPUT = "X";

    /**
     * Values for every size variable: H, X, and each size parameter as {@code given} says or,
     * where it says nothing, {@code otherwise}.
     */
    public Map<String, Integer> sizes(int hidden, int input, Map<String, Integer> given, int otherwise) {
        Map<String, Integer> sizes = new HashMap<>(Map.of(HIDDEN, hidden, INPUT, input));
        sizeParams.forEach(s -> sizes.put(s, given.getOrDefault(s, otherwise)));
        return sizes;
    }

    /**
     * A state: a value read at earlier steps.
     *
     * @param maxLag how far back it is read (1 for `h_{t-1}`)
     */
    public record State(String name, int maxLag, Size size) {
    }

    /**
     * A per-step value and its equation.
     *
     * @param timeIndexed whether its equation wrote it with a time index (`f_t`) or without (`Γ_u`)
     */
    public record Value(String name, boolean timeIndexed, TExpr expr, Shape shape, Span span) {
    }

    /**
     * A parameter.
     *
     * @param kind matrix, vector or scalar
     * @param rows rows of a matrix, length of a vector, null for a scalar
     * @param cols columns of a matrix, else null
     * @param init its `init` line, or null for the runtime's default
     * @param diagonal whether it was declared `diag`: a diagonal matrix stored as its diagonal, a vector
     */
    public record Param(String name, ParamKind kind, Size rows, Size cols, Init init, boolean diagonal, Span span) {
        /** `[H, H+X]`, `[H]`, `[]`. */
        public String shapeString() {
            return switch (kind) {
                case MATRIX -> "[" + rows + ", " + cols + "]";
                case VECTOR -> "[" + rows + "]";
                case SCALAR -> "[]";
            };
        }
    }

    /** The three kinds of parameter. */
    public enum ParamKind {
        MATRIX, VECTOR, SCALAR
    }

    /**
     * An `init` line: a constant, or a named scheme (`identity`, `orthogonal`, `xavier`, `zeros`).
     */
    public record Init(String scheme, double constant) {
        @Override
        public String toString() {
            return scheme != null ? scheme : Double.toString(constant).replaceAll("\\.0$", "");
        }
    }

    /**
     * A name for columns [offset, offset+width) of a stored matrix parameter.
     */
    public record View(String alias, String param, Size offset, Size width) {
    }

    /** The state or value named {@code name}, or null. */
    public State state(String stateName) {
        return states.stream().filter(s -> s.name().equals(stateName)).findFirst().orElse(null);
    }

    /** The parameter named {@code name}, or null. */
    public Param param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst().orElse(null);
    }

    /** The value named {@code name}, or null. */
    public Value value(String valueName) {
        return values.stream().filter(v -> v.name().equals(valueName)).findFirst().orElse(null);
    }
}
