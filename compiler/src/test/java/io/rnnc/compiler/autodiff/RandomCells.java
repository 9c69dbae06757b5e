package io.rnnc.compiler.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random well-formed cells, written as `.rnn` text so that they go through the whole front
 * end: a random DAG of per-step values over the input, states read at random lags and
 * parameters, using every differentiable operation of the language. Only smooth functions
 * appear, so finite differences are exact enough to judge the derived gradients.
 */
public final class RandomCells {
    private final Random rng;
    private final List<String> vectors = new ArrayList<>();
    private int params;

    private RandomCells(long seed) {
        this.rng = new Random(seed);
    }

    /** The text of a random cell; the same seed gives the same cell. */
    public static String generate(long seed) {
        return new RandomCells(seed).cell();
    }

    private String cell() {
        List<String> states = rng.nextBoolean() ? List.of("h") : List.of("h", "c");
        int maxLag = 1 + rng.nextInt(2);
        vectors.add("x_t");
        vectors.add("U_0 x_t");
        for (String s : states) {
            for (int lag = 1; lag <= maxLag; lag++) {
                vectors.add(s + "_{t-" + lag + "}");
            }
        }
        StringBuilder out = new StringBuilder("cell Random {\n");
        int values = 1 + rng.nextInt(4);
        for (int i = 0; i < values; i++) {
            String name = "v" + i + "_t";
            out.append("  ").append(name).append(" = ").append(expr(3)).append('\n');
            vectors.add(name);
        }
        for (String s : states) {
            // States pass through tanh so that they stay bounded over the steps.
            out.append("  ").append(s).append("_t = tanh(").append(expr(3)).append(")\n");
        }
        out.append("  input x\n}\n");
        return out.toString();
    }

    /** A vector expression of size H. */
    private String expr(int depth) {
        if (depth == 0) {
            return leaf();
        }
        return switch (rng.nextInt(12)) {
            case 0 -> expr(depth - 1) + " + " + expr(depth - 1);
            case 1 -> expr(depth - 1) + " - " + expr(depth - 1);
            case 2 -> "(" + expr(depth - 1) + ") ⊙ (" + expr(depth - 1) + ")";
            case 3 -> "(" + expr(depth - 1) + ") / (2 + tanh(" + expr(depth - 1) + "))";
            case 4 -> function(expr(depth - 1));
            case 5 -> newMatrix() + "·[" + expr(depth - 1) + ", " + vector() + "]";
            case 6 -> "(" + expr(depth - 1) + ")·" + newMatrix();
            case 7 -> "(1 - " + expr(depth - 1) + ")";
            case 8 -> "0.5 " + vector() + " ⊙ " + newBias();
            case 9 -> "tanh(" + expr(depth - 1) + ")^2 - mean(" + expr(depth - 1) + ")";
            case 10 -> "softmax(" + expr(depth - 1) + ") + sum(" + vector() + ") / 4";
            default -> newMatrix() + " " + vector() + " + " + newBias();
        };
    }

    private String leaf() {
        return rng.nextInt(3) == 0 ? newBias() : vector();
    }

    private String vector() {
        String v = vectors.get(rng.nextInt(vectors.size()));
        return v.equals("x_t") ? "U_0 x_t" : v;
    }

    /** A smooth function applied to {@code e}, kept where it is defined and tame. */
    private String function(String e) {
        return switch (rng.nextInt(7)) {
            case 0 -> "σ(" + e + ")";
            case 1 -> "tanh(" + e + ")";
            case 2 -> "softplus(" + e + ")";
            case 3 -> "softsign(" + e + ")";
            case 4 -> "0.5 exp(0.5 tanh(" + e + "))";
            case 5 -> "sqrt(1 + (" + e + ")^2)";
            default -> "log(2 + tanh(" + e + "))";
        };
    }

    private String newMatrix() {
        return "W_" + (++params);
    }

    private String newBias() {
        return "b_" + (++params);
    }
}
