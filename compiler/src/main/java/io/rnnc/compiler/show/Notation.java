package io.rnnc.compiler.show;

import java.text.Normalizer;
import java.util.Map;

/** How printed equations spell things: Unicode for terminals, LaTeX for papers. */
public interface Notation {
    /** A name (possibly Greek, accented, with a label) at a time index ("t", "t-1") or none (null). */
    String name(String name, String time);

    /** The gradient of a name: `δh_t` / `\delta h_{t}`. */
    default String delta(String name, String time) {
        return deltaSymbol() + name(name, time);
    }

    /** `δ` or `\delta `. */
    String deltaSymbol();

    /** The symbol of an elementwise product. */
    String hadamard();

    /** The symbol of a matrix product. */
    String dot();

    /** The symbol of an outer product. */
    String outer();

    /** A function applied: `σ(a)` / `\sigma(a)`. */
    String call(String function, String args);

    /** A transposed matrix name. */
    String transpose(String matrix);

    /** a to the power k. */
    String power(String base, String exponent);

    /** The Unicode notation of `rnnc show`. */
    Notation UNICODE = new Notation() {
        @Override
        public String name(String name, String time) {
            if (time == null) {
                return name;
            }
            if (name.contains("_")) {
                return name + "^{<" + time + ">}";
            }
            return name + (time.length() == 1 ? "_" + time : "_{" + time + "}");
        }

        @Override
        public String deltaSymbol() {
            return "δ";
        }

        @Override
        public String hadamard() {
            return "⊙";
        }

        @Override
        public String dot() {
            return "·";
        }

        @Override
        public String outer() {
            return "⊗";
        }

        @Override
        public String call(String function, String args) {
            return function + "(" + args + ")";
        }

        @Override
        public String transpose(String matrix) {
            return matrix + "ᵀ";
        }

        @Override
        public String power(String base, String exponent) {
            return base + "^" + (exponent.length() == 1 ? exponent : "{" + exponent + "}");
        }
    };

    /** LaTeX source, as `rnnc show --latex` prints it. */
    Notation LATEX = new Latex();

    /** LaTeX spellings. */
    final class Latex implements Notation {
        private static final Map<Character, String> GREEK = Map.ofEntries(
                Map.entry('α', "\\alpha"), Map.entry('β', "\\beta"), Map.entry('γ', "\\gamma"), Map.entry('δ', "\\delta"),
                Map.entry('ε', "\\epsilon"), Map.entry('ζ', "\\zeta"), Map.entry('η', "\\eta"), Map.entry('θ', "\\theta"),
                Map.entry('ι', "\\iota"), Map.entry('κ', "\\kappa"), Map.entry('λ', "\\lambda"), Map.entry('μ', "\\mu"),
                Map.entry('ν', "\\nu"), Map.entry('ξ', "\\xi"), Map.entry('π', "\\pi"), Map.entry('ρ', "\\rho"),
                Map.entry('σ', "\\sigma"), Map.entry('τ', "\\tau"), Map.entry('υ', "\\upsilon"), Map.entry('φ', "\\phi"),
                Map.entry('χ', "\\chi"), Map.entry('ψ', "\\psi"), Map.entry('ω', "\\omega"), Map.entry('Γ', "\\Gamma"),
                Map.entry('Δ', "\\Delta"), Map.entry('Θ', "\\Theta"), Map.entry('Λ', "\\Lambda"), Map.entry('Ξ', "\\Xi"),
                Map.entry('Π', "\\Pi"), Map.entry('Σ', "\\Sigma"), Map.entry('Υ', "\\Upsilon"), Map.entry('Φ', "\\Phi"),
                Map.entry('Ψ', "\\Psi"), Map.entry('Ω', "\\Omega"));
        private static final Map<Character, String> ACCENTS = Map.of(
                '\u0303', "\\tilde", '\u0302', "\\hat", '\u0304', "\\bar", '\u20D7', "\\vec", '\u0307', "\\dot",
                '\u0308', "\\ddot", '\u030C', "\\check", '\u0306', "\\breve");

        @Override
        public String name(String name, String time) {
            int underscore = name.indexOf('_');
            String base = latexBase(underscore < 0 ? name : name.substring(0, underscore));
            String label = underscore < 0 ? "" : name.substring(underscore + 1).replace("_", ",");
            String sub = label.isEmpty() ? (time == null ? "" : time) : time == null ? label : label + "," + time;
            return sub.isEmpty() ? base : base + "_{" + sub + "}";
        }

        private static String latexBase(String base) {
            String decomposed = Normalizer.normalize(base, Normalizer.Form.NFD);
            StringBuilder letters = new StringBuilder();
            StringBuilder accents = new StringBuilder();
            for (char c : decomposed.toCharArray()) {
                if (ACCENTS.containsKey(c)) {
                    accents.append(c);
                } else {
                    letters.append(GREEK.containsKey(c) ? GREEK.get(c) + " " : String.valueOf(c));
                }
            }
            String out = letters.toString().trim();
            if (out.length() > 1 && !out.startsWith("\\")) {
                out = "\\mathrm{" + out + "}";
            }
            for (char a : accents.toString().toCharArray()) {
                out = ACCENTS.get(a) + "{" + out + "}";
            }
            return out;
        }

        @Override
        public String deltaSymbol() {
            return "\\delta ";
        }

        @Override
        public String hadamard() {
            return "\\odot";
        }

        @Override
        public String dot() {
            return "\\,";
        }

        @Override
        public String outer() {
            return "\\otimes";
        }

        @Override
        public String call(String function, String args) {
            String f = switch (function) {
                case "σ" -> "\\sigma";
                case "tanh", "exp", "log", "max", "min" -> "\\" + function;
                case "Σ" -> "\\textstyle\\sum";
                // An underscore in an operator name (leaky_relu) is a letter, not a subscript.
                default -> "\\operatorname{" + function.replace("_", "\\_") + "}";
            };
            return f + "\\left(" + args + "\\right)";
        }

        @Override
        public String transpose(String matrix) {
            return matrix + "^{\\top}";
        }

        @Override
        public String power(String base, String exponent) {
            return base + "^{" + exponent + "}";
        }
    }
}
