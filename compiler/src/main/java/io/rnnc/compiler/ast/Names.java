package io.rnnc.compiler.ast;

import java.text.Normalizer;
import java.util.Map;

/**
 * How names are spelled inside rnnc: LaTeX Greek as Unicode (`\Gamma` → `Γ`), accents as
 * combining marks in NFC (`\hat{y}` and `ŷ` are one name), subscript labels after `_`
 * with braces dropped (`W_{aa}` → `W_aa`).
 */
public final class Names {
    private static final Map<String, String> GREEK = Map.ofEntries(
            Map.entry("alpha", "α"), Map.entry("beta", "β"), Map.entry("gamma", "γ"),
            Map.entry("delta", "δ"), Map.entry("epsilon", "ε"), Map.entry("varepsilon", "ε"),
            Map.entry("zeta", "ζ"), Map.entry("eta", "η"), Map.entry("theta", "θ"),
            Map.entry("vartheta", "ϑ"), Map.entry("iota", "ι"), Map.entry("kappa", "κ"),
            Map.entry("lambda", "λ"), Map.entry("mu", "μ"), Map.entry("nu", "ν"),
            Map.entry("xi", "ξ"), Map.entry("pi", "π"), Map.entry("rho", "ρ"),
            Map.entry("sigma", "σ"), Map.entry("tau", "τ"), Map.entry("upsilon", "υ"),
            Map.entry("phi", "φ"), Map.entry("varphi", "φ"), Map.entry("chi", "χ"),
            Map.entry("psi", "ψ"), Map.entry("omega", "ω"), Map.entry("Gamma", "Γ"),
            Map.entry("Delta", "Δ"), Map.entry("Theta", "Θ"), Map.entry("Lambda", "Λ"),
            Map.entry("Xi", "Ξ"), Map.entry("Pi", "Π"), Map.entry("Sigma", "Σ"),
            Map.entry("Upsilon", "Υ"), Map.entry("Phi", "Φ"), Map.entry("Psi", "Ψ"),
            Map.entry("Omega", "Ω"));

    /** LaTeX commands that name functions; they become plain words (`\tanh` → `tanh`). */
    private static final java.util.Set<String> LATEX_FUNCTIONS = java.util.Set.of(
            "tanh", "log", "ln", "exp", "sqrt", "max", "min", "sinh", "cosh", "sin", "cos");

    private static final Map<String, String> ACCENTS = Map.ofEntries(
            Map.entry("tilde", "\u0303"), Map.entry("widetilde", "\u0303"),
            Map.entry("hat", "\u0302"), Map.entry("widehat", "\u0302"),
            Map.entry("bar", "\u0304"), Map.entry("overline", "\u0304"),
            Map.entry("vec", "\u20D7"), Map.entry("dot", "\u0307"), Map.entry("ddot", "\u0308"),
            Map.entry("check", "\u030C"), Map.entry("breve", "\u0306"));

    private Names() {
    }

    /**
     * The Unicode word for a LaTeX command naming a letter or function (`\Gamma` → `Γ`,
     * `\tanh` → `tanh`), or null when the command names neither.
     */
    public static String latexWord(String command) {
        String bare = command.startsWith("\\") ? command.substring(1) : command;
        if (GREEK.containsKey(bare)) {
            return GREEK.get(bare);
        }
        return LATEX_FUNCTIONS.contains(bare) ? bare : null;
    }

    /** The combining mark of an accent command (`\tilde` → U+0303). */
    public static String accentMark(String command) {
        return ACCENTS.get(command.substring(1));
    }

    /**
     * Canonical form of a name: NFKC, so that the mathematical bold and italic letters a
     * rendered page gives when copied (`𝐖`, `ℎ`) are the letters they style and the two shapes
     * of phi and epsilon are one; accents stay, as combining marks composed with their letter.
     */
    public static String normalise(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKC).replace('ϕ', 'φ').replace('ϵ', 'ε');
    }

    /** The base letter of a name without accents or labels: `ŷ_t` → `y`, `C̃` → `C`. */
    public static String baseLetter(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        int underscore = decomposed.indexOf('_');
        String base = underscore < 0 ? decomposed : decomposed.substring(0, underscore);
        return base.replaceAll("\\p{M}", "");
    }

    /** True when the name carries an accent or label (`ŷ`, `W_h`), false for a bare letter. */
    public static boolean hasLabel(String name) {
        return name.indexOf('_') >= 0;
    }
}
