package io.rnnc.compiler.check;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Unification of sizes. Rigid variables (the hidden size, the input size, sizes a declaration
 * names) are never solved; fresh variables stand for sizes not yet known and are solved by
 * the constraints the equations impose. A fresh variable left unsolved is a size parameter of
 * the cell, bound when it is instantiated.
 */
public final class ShapeSolver {
    private static final String FRESH = "?";

    private final Map<String, Size> solved = new HashMap<>();
    private final Set<String> rigid = new LinkedHashSet<>();
    private int counter;

    /** Declares a variable the solver must not solve (H, X, declared sizes). */
    public void addRigid(String name) {
        rigid.add(name);
    }

    /** The rigid variables, in the order declared. */
    public Set<String> rigid() {
        return rigid;
    }

    /** A new unknown size. */
    public Size fresh() {
        return Size.var(FRESH + (++counter));
    }

    /** True for a variable made by {@link #fresh()}. */
    public static boolean isFresh(String variable) {
        return variable.startsWith(FRESH);
    }

    /** The size with every solved variable replaced by its solution. */
    public Size resolve(Size s) {
        return s.substitute(v -> solved.containsKey(v) ? resolve(solved.get(v)) : null);
    }

    /**
     * Makes {@code a} and {@code b} equal if it can.
     *
     * @return true on success; false when the sizes conflict (nothing is changed then)
     */
    public boolean unify(Size a, Size b) {
        return unify(a, b, false);
    }

    /**
     * Like {@link #unify(Size, Size)}, but may also tie the input size X to what it is combined
     * with elementwise.
     */
    public boolean unifyElementwise(Size a, Size b) {
        return unify(a, b, true);
    }

    private boolean unify(Size a, Size b, boolean mayTieInput) {
        Size d = resolve(a).minus(resolve(b));
        if (d.isZero()) {
            return true;
        }
        String chosen = null;
        for (Map.Entry<String, Integer> e : d.terms().entrySet()) {
            if (isFresh(e.getKey()) && Math.abs(e.getValue()) == 1) {
                // Prefer the variable whose solution is a sum (v = a + b), not a difference:
                // sizes are lengths, and `a − b` would make a free size depend on a negative.
                if (chosen == null || solution(d, chosen).terms().values().stream().anyMatch(c -> c < 0)) {
                    chosen = e.getKey();
                }
            }
        }
        if (chosen == null && mayTieInput && Math.abs(d.terms().getOrDefault(TypedCell.INPUT, 0)) == 1
                && isLength(solution(d, TypedCell.INPUT))) {
            // A cell may need its input as wide as something else (MUT1 adds tanh(x_t) to a
            // hidden-size vector): then the input size is that, and the data must match. Only
            // elementwise use ties it: a product or a declaration with the wrong width is a mistake.
            // Only a length, though: `H` vs `H+X` is a mistake to report, not an input of size 0.
            chosen = TypedCell.INPUT;
        }
        if (chosen == null) {
            return false;
        }
        solved.put(chosen, solution(d, chosen));
        return true;
    }

    /** True for a size that is positive whatever its variables are: `H`, `2H+1`, `3`. */
    private static boolean isLength(Size s) {
        return s.terms().values().stream().allMatch(c -> c > 0) && s.constant() >= 0 && !s.isZero();
    }

    /** From d = c·v + rest = 0 with c = ±1: v = −rest / c. */
    private static Size solution(Size d, String v) {
        int c = d.terms().get(v);
        Size rest = d.minus(Size.var(v).times(c));
        return rest.times(-c);
    }

    /** Binds a fresh variable that nothing constrained to a name (a size parameter). */
    public void name(String fresh, String name) {
        solved.put(fresh, Size.var(name));
    }
}
