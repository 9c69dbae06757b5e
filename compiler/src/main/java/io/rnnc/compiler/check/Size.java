package io.rnnc.compiler.check;

import java.util.Map;
import java.util.TreeMap;

/**
 * A vector length as a linear form over size variables: `H`, `4H`, `H+X`, `3`. Concatenation
 * adds sizes, so shapes inside a cell are sums like these.
 */
public final class Size {
    private final TreeMap<String, Integer> terms;
    private final int constant;

    private Size(TreeMap<String, Integer> terms, int constant) {
        terms.values().removeIf(c -> c == 0);
        this.terms = terms;
        this.constant = constant;
    }

    /** A fixed number. */
    public static Size of(int n) {
        return new Size(new TreeMap<>(), n);
    }

    /** One size variable. */
    public static Size var(String name) {
        TreeMap<String, Integer> t = new TreeMap<>();
        t.put(name, 1);
        return new Size(t, 0);
    }

    /** this + other. */
    public Size plus(Size other) {
        TreeMap<String, Integer> t = new TreeMap<>(terms);
        other.terms.forEach((v, c) -> t.merge(v, c, Integer::sum));
        return new Size(t, constant + other.constant);
    }

    /** this − other. */
    public Size minus(Size other) {
        return plus(other.times(-1));
    }

    /** k · this. */
    public Size times(int k) {
        TreeMap<String, Integer> t = new TreeMap<>();
        terms.forEach((v, c) -> t.put(v, c * k));
        return new Size(t, constant * k);
    }

    /** The variables with their coefficients. */
    public Map<String, Integer> terms() {
        return java.util.Collections.unmodifiableMap(terms);
    }

    /** The constant part. */
    public int constant() {
        return constant;
    }

    /** True when no variable is left. */
    public boolean isConstant() {
        return terms.isEmpty();
    }

    /** True for the zero size. */
    public boolean isZero() {
        return terms.isEmpty() && constant == 0;
    }

    /** Replaces each variable by what {@code binding} gives (or keeps it when null). */
    public Size substitute(java.util.function.Function<String, Size> binding) {
        Size out = of(constant);
        for (Map.Entry<String, Integer> e : terms.entrySet()) {
            Size b = binding.apply(e.getKey());
            out = out.plus((b == null ? var(e.getKey()) : b).times(e.getValue()));
        }
        return out;
    }

    /** The value once every variable has a number. */
    public int evaluate(Map<String, Integer> values) {
        int n = constant;
        for (Map.Entry<String, Integer> e : terms.entrySet()) {
            Integer v = values.get(e.getKey());
            if (v == null) {
                throw new IllegalStateException("size variable " + e.getKey() + " has no value");
            }
            n += e.getValue() * v;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Size s && s.constant == constant && s.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode() * 31 + constant;
    }

    /** `H+X`, `4H`, `2H-1`: the hidden size first, then the input size, then the rest. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        java.util.List<String> order = new java.util.ArrayList<>(terms.keySet());
        order.sort(java.util.Comparator.comparingInt(Size::rank).thenComparing(v -> v));
        for (String v : order) {
            int c = terms.get(v);
            if (b.length() > 0 || c < 0) {
                b.append(c < 0 ? "-" : "+");
            }
            if (Math.abs(c) != 1) {
                b.append(Math.abs(c));
            }
            b.append(v);
        }
        if (constant != 0 || b.length() == 0) {
            if (b.length() > 0) {
                b.append(constant < 0 ? "-" : "+").append(Math.abs(constant));
            } else {
                b.append(constant);
            }
        }
        return b.toString();
    }

    private static int rank(String v) {
        return v.equals("H") ? 0 : v.equals("X") ? 1 : 2;
    }
}
