package io.rnnc.compiler.check;

import java.util.Locale;
import java.util.Map;

/**
 * What to suggest for a function rnnc does not know: the definition of a well-known one
 * (`swish(v) = v σ(v)`), the built-in a misspelling means (`sigmod` → `σ`), or a binding.
 * Every definition here checks as a line of a cell (tested).
 */
final class FunctionHints {
    /** Well-known activations that are not built in, defined from ones that are. */
    static final Map<String, String> DEFINITIONS = Map.ofEntries(
            Map.entry("swish", "swish(v) = v σ(v)"),
            Map.entry("silu", "silu(v) = v σ(v)"),
            Map.entry("gelu", "gelu(v) = 0.5 v (1 + tanh(0.7978845608 (v + 0.044715 v^3)))"),
            Map.entry("mish", "mish(v) = v tanh(softplus(v))"),
            Map.entry("selu", "selu(v) = 1.0507009874 (max(v, 0) + min(0, 1.6732632423 (exp(v) - 1)))"),
            Map.entry("celu", "celu(v) = max(v, 0) + min(0, exp(v) - 1)"),
            Map.entry("hardtanh", "hardtanh(v) = max(-1, min(1, v))"),
            Map.entry("relu6", "relu6(v) = min(max(v, 0), 6)"),
            Map.entry("hardswish", "hardswish(v) = v min(max(v + 3, 0), 6) / 6"),
            Map.entry("logsigmoid", "logsigmoid(v) = -softplus(-v)"),
            Map.entry("tanhshrink", "tanhshrink(v) = v - tanh(v)"),
            Map.entry("gaussian", "gaussian(v) = exp(-v^2)"),
            Map.entry("square", "square(v) = v^2"),
            Map.entry("cube", "cube(v) = v^3"));

    private FunctionHints() {
    }

    /**
     * The hint for an unknown function {@code name}.
     *
     * @param orProduct what to add for a name that may be a matrix before parentheses, or ""
     */
    static String forUnknown(String name, String orProduct) {
        String key = name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
        if (DEFINITIONS.containsKey(key)) {
            return "`" + name + "` is not built in; define it: `" + DEFINITIONS.get(key).replaceFirst("^\\w+", name) + "`";
        }
        Builtin meant = lookalike(name);
        if (meant != null) {
            return "did you mean `" + meant.display() + "`? write it, or bind the name: `" + name + " = " + meant.display() + "`";
        }
        return "bind it to an activation, e.g. `" + name + " = tanh`" + orProduct;
    }

    /** The built-in a name misspells: another case (`Tanh`), or one or two letters off (`sigmod`, `tahn`). */
    private static Builtin lookalike(String name) {
        Builtin best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String spelling : Builtin.allNames()) {
            int d = spelling.equalsIgnoreCase(name) ? 0 : distance(spelling.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
            int allowed = Math.min(spelling.length(), name.length()) >= 5 ? 2 : 1;
            if (d <= allowed && d < bestDistance && name.length() >= 3) {
                best = Builtin.named(spelling);
                bestDistance = d;
            }
        }
        return best;
    }

    /** Edit distance with adjacent transpositions (`tahn` is one edit from `tanh`). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
