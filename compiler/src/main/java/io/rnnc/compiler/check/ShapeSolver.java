package io.rnnc.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unification of sizes. Rigid variables (the hidden size, the input size, sizes a declaration
 * names) are never solved; fresh variables stand for sizes not yet known and are solved by
 * the constraints the equations impose. A fresh variable left unsolved is a size parameter of
 * the cell, bound when it is instantiated.
 *
 * <p>A state's size is a deferred variable: solved only where the equations leave no other
 * choice, so that a state nothing fixes becomes the hidden size H at the end
 * ({@link #settle}), as every state was before states could have other sizes.
 */
public final class ShapeSolver {
    private static final String FRESH = "?";

    private final Map<String, Size> solved = new HashMap<>();
    private final Set<String> rigid = new LinkedHashSet<>();
    private final Set<String> deferred = new LinkedHashSet<>();
    private final List<PendingTie> pendingTies = new ArrayList<>();
    private boolean settling;
    private int counter;

    /** The input combined elementwise with a state's size not yet fixed: decided in {@link #settle}. */
    private record PendingTie(Size a, Size b, Runnable onConflict) {
    }

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

    /** A new unknown size that other unknowns are solved for first (a state's size). */
    public Size deferred() {
        Size s = fresh();
        deferred.add(s.terms().keySet().iterator().next());
        return s;
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
     * The size as it reads to a person now: resolved, with the deferred sizes nothing fixed
     * yet shown as {@code fallback}, which is what they become unless a later line says otherwise.
     */
    public Size likely(Size s, Size fallback) {
        return resolve(s).substitute(v -> deferred.contains(v) ? fallback : null);
    }

    /**
     * Makes {@code a} and {@code b} equal if it can.
     *
     * @return true on success; false when the sizes conflict (nothing is changed then)
     */
    public boolean unify(Size a, Size b) {
        return unify(a, b, null);
    }

    /**
     * Like {@link #unify(Size, Size)}, but may also tie the input size X to what it is combined
     * with elementwise. Where that is a state's size nothing has fixed yet, the tie waits for
     * {@link #settle}, which runs {@code onLaterConflict} if it then fails.
     */
    public boolean unifyElementwise(Size a, Size b, Runnable onLaterConflict) {
        return unify(a, b, onLaterConflict);
    }

    /**
     * Ends solving: makes the ties that waited, then gives each state size nothing fixed the
     * size {@code fallback} (H), in the order given.
     */
    public void settle(List<Size> stateSizes, Size fallback) {
        settling = true;
        for (PendingTie t : pendingTies) {
            if (!unify(t.a(), t.b(), t.onConflict())) {
                t.onConflict().run();
            }
        }
        pendingTies.clear();
        for (Size s : stateSizes) {
            if (resolve(s).terms().keySet().stream().anyMatch(ShapeSolver::isFresh)) {
                unify(s, fallback);
            }
        }
    }

    /** @param onTieConflict null where the input may not be tied (products, declarations) */
    private boolean unify(Size a, Size b, Runnable onTieConflict) {
        Size d = resolve(a).minus(resolve(b));
        if (d.isZero()) {
            return true;
        }
        String chosen = null;
        for (Map.Entry<String, Integer> e : d.terms().entrySet()) {
            if (isFresh(e.getKey()) && Math.abs(e.getValue()) == 1 && !deferredDifference(d, e.getKey())
                    && (chosen == null || better(d, e.getKey(), chosen))) {
                chosen = e.getKey();
            }
        }
        if ((chosen == null || deferred.contains(chosen)) && onTieConflict != null
                && Math.abs(d.terms().getOrDefault(TypedCell.INPUT, 0)) == 1
                && isLength(solution(d, TypedCell.INPUT))) {
            // A cell may need its input as wide as something else (MUT1 adds tanh(x_t) to a
            // hidden-size vector): then the input size is that, and the data must match. Only
            // elementwise use ties it: a product or a declaration with the wrong width is a mistake.
            // Only a length, though: `H` vs `H+X` is a mistake to report, not an input of size 0.
            // Against a state's size the tie waits until the end: a product may yet give the
            // state the input's size (`V p_{t-1}` with `param V : [H, X]`); if nothing does, the
            // state becomes H and so does the input, as in `h_t = tanh(U h_{t-1} + x_t)`.
            if (chosen != null && !settling) {
                pendingTies.add(new PendingTie(a, b, onTieConflict));
                return true;
            }
            chosen = TypedCell.INPUT;
        }
        if (chosen == null) {
            return false;
        }
        solved.put(chosen, solution(d, chosen));
        return true;
    }

    /**
     * A state's size is never solved as a difference: `[h_{t-1}, x_t]` where H columns are
     * expected is a mistake to report, not a state of size H−X.
     */
    private boolean deferredDifference(Size d, String v) {
        return deferred.contains(v) && solution(d, v).terms().values().stream().anyMatch(c -> c < 0);
    }

    /**
     * Which unknown to solve for: one whose solution is a sum (v = a + b) before one whose
     * solution is a difference (sizes are lengths, and `a − b` would make a free size depend on
     * a negative), and among those the later one; then any before a deferred one, which the
     * equations may still fix.
     */
    private boolean better(Size d, String v, String chosen) {
        int r = rank(d, v);
        int c = rank(d, chosen);
        return r < c || (r == c && c >= 2);
    }

    private int rank(Size d, String v) {
        boolean difference = solution(d, v).terms().values().stream().anyMatch(c -> c < 0);
        return (difference ? 2 : 0) + (deferred.contains(v) ? 1 : 0);
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
