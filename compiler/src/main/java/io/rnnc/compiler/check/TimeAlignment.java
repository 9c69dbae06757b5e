package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.CellAst;
import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.ExprTraversal;
import io.rnnc.compiler.ast.Names;
import io.rnnc.compiler.ast.Statement;
import io.rnnc.compiler.ast.TimeIndex;
import io.rnnc.compiler.diag.Diagnostics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cells whose time indices count from another origin, read in rnnc's: a step reads the input
 * at t and the states at t-1 and defines its values at t. Jozefowicz et al. write
 * `h_{t+1} = tanh(W_hh (r ⊙ h_t) + tanh(x_t) + b_h) ⊙ z + h_t ⊙ (1 - z)`, others
 * `h_{t+1} = f(h_t, x_{t+1})`, and Goodfellow et al.'s GRU computes `h^{(t)}` from
 * `x^{(t-1)}` and the gates `u^{(t-1)}`. The step of an equation is the one that reads the
 * input where it reads it; an equation that reads no input keeps the offset between its left
 * side and the input that most equations have. Cells already in rnnc's origin are unchanged,
 * and so are cells this cannot make consistent (their errors come from the later passes).
 */
final class TimeAlignment {
    private final CellAst cell;
    private final Diagnostics diagnostics;
    /** Each value's offset as written on its left side: 1 for `h_{t+1}`, 0 for `h_t` or `z`. */
    private final Map<String, Integer> written = new LinkedHashMap<>();
    /** How far each value's written time runs ahead of the step that computes it. */
    private final Map<String, Integer> shift = new LinkedHashMap<>();
    private String input;
    /** For each value, the values its equation reads at another index than its own that land in its step. */
    private final Map<String, Set<String>> joined = new LinkedHashMap<>();

    private TimeAlignment(CellAst cell, Diagnostics diagnostics) {
        this.cell = cell;
        this.diagnostics = diagnostics;
    }

    /** {@code cell} in rnnc's time origin. */
    static CellAst apply(CellAst cell, Diagnostics diagnostics) {
        return new TimeAlignment(cell, diagnostics).run();
    }

    private CellAst run() {
        List<Statement.Equation> equations = new ArrayList<>();
        for (Statement s : cell.statements()) {
            if (s instanceof Statement.Equation eq && eq.lhs() instanceof Expr.Ref r) {
                if (r.time() != null && r.time().lag() > 0 || written.containsKey(r.name())) {
                    return cell;
                }
                written.put(r.name(), r.time() == null ? 0 : -r.time().lag());
                equations.add(eq);
            }
        }
        input = input();
        if (input == null) {
            return cell;
        }
        Map<String, Integer> inputOffset = new LinkedHashMap<>();
        for (Statement.Equation eq : equations) {
            Set<Integer> offsets = new TreeSet<>();
            ExprTraversal.forEachRef(eq.rhs(), r -> {
                if (r.name().equals(input)) {
                    offsets.add(offset(r));
                }
            });
            if (offsets.size() > 1) {
                return cell;
            }
            if (!offsets.isEmpty()) {
                inputOffset.put(name(eq), offsets.iterator().next());
            }
        }
        if (inputOffset.isEmpty()) {
            return cell;
        }
        int usual = usualOffset(inputOffset);
        for (Statement.Equation eq : equations) {
            String v = name(eq);
            shift.put(v, written.get(v) - inputOffset.getOrDefault(v, usual));
        }
        if (shift.values().stream().allMatch(s -> s == 0) && written.values().stream().allMatch(a -> a == 0)) {
            return cell;
        }
        List<Statement> out = new ArrayList<>();
        for (Statement s : cell.statements()) {
            if (s instanceof Statement.Equation eq && eq.lhs() instanceof Expr.Ref lhs) {
                Expr rhs = realign(eq.rhs(), name(eq));
                if (rhs == null) {
                    return cell;
                }
                TimeIndex now = lhs.time() == null ? null : TimeIndex.NOW;
                out.add(new Statement.Equation(new Expr.Ref(lhs.name(), now, lhs.unit(), lhs.span()), rhs, eq.span()));
            } else {
                out.add(s);
            }
        }
        warnShiftedSteps(inputOffset);
        return new CellAst(cell.name(), out, cell.span());
    }

    /** The declared input, or the one name read with a time index that no equation defines (an `x` among several). */
    private String input() {
        for (Statement s : cell.statements()) {
            if (s instanceof Statement.RoleDecl d && d.role() == Statement.Role.INPUT && !d.names().isEmpty()) {
                return d.names().get(0).name();
            }
        }
        Set<String> candidates = new LinkedHashSet<>();
        for (Statement s : cell.statements()) {
            if (s instanceof Statement.Equation eq) {
                ExprTraversal.forEachRef(eq.rhs(), r -> {
                    if (r.time() != null && !written.containsKey(r.name())) {
                        candidates.add(r.name());
                    }
                });
            }
        }
        if (candidates.size() == 1) {
            return candidates.iterator().next();
        }
        return candidates.stream().filter(c -> Names.baseLetter(c).equals("x")).findFirst().orElse(null);
    }

    /** Where most equations read the input (the latest on a tie): `t` for Jozefowicz et al., `t+1` for `h_{t+1} = f(h_t, x_{t+1})`. */
    private static int usualOffset(Map<String, Integer> inputOffset) {
        Map<Integer, Integer> votes = new TreeMap<>();
        inputOffset.values().forEach(at -> votes.merge(at, 1, Integer::sum));
        int best = Integer.MIN_VALUE;
        int bestVotes = 0;
        for (var e : votes.entrySet()) {
            if (e.getValue() >= bestVotes) {
                best = e.getKey();
                bestVotes = e.getValue();
            }
        }
        return best;
    }

    /** The right side of {@code v}'s equation with rnnc's lags, or null when a value would be read ahead of its step. */
    private Expr realign(Expr rhs, String v) {
        boolean[] ahead = {false};
        int step = written.get(v) - shift.get(v);
        Set<String> sameStep = joined.computeIfAbsent(v, k -> new LinkedHashSet<>());
        Expr out = ExprTraversal.mapRefs(rhs, r -> {
            if (r.name().equals(input) && r.time() != null) {
                return new Expr.Ref(r.name(), TimeIndex.NOW, r.unit(), r.span());
            }
            if (!shift.containsKey(r.name())) {
                return r;
            }
            int lag = step - (offset(r) - shift.get(r.name()));
            ahead[0] |= lag < 0;
            if (lag == 0 && offset(r) != written.get(v)) {
                sameStep.add(r.name());
            }
            return lag == 0 && r.time() == null ? r : new Expr.Ref(r.name(), new TimeIndex(lag), r.unit(), r.span());
        });
        return ahead[0] ? null : out;
    }

    /**
     * An equation whose left side is not where the cell's convention puts it relative to the
     * input it reads: Goodfellow et al.'s GRU computes `h^{(t)}` from `x^{(t-1)}`; a cell that
     * writes no value at t+1 means its values at t to come from the input at t. The one reading
     * that makes it a cell puts the equation in the step that reads that input: say so.
     */
    private void warnShiftedSteps(Map<String, Integer> inputOffset) {
        boolean forward = written.containsValue(1);
        for (Statement s : cell.statements()) {
            if (s instanceof Statement.Equation eq && eq.lhs() instanceof Expr.Ref lhs && inputOffset.containsKey(lhs.name())) {
                int at = inputOffset.get(lhs.name());
                int lead = written.get(lhs.name()) - at;
                if (lead != 0 && !(forward && lead == 1)) {
                    Set<String> same = joined.getOrDefault(lhs.name(), Set.of());
                    String also = same.isEmpty() ? "" : "that step computes `" + String.join("`, `", same) + "` as well; ";
                    diagnostics.warning(lhs.span(), "`" + lhs.name() + "` is computed from `" + input + "` at " + at(at)
                                    + ", so rnnc puts it in the step that reads `" + input + "` at " + at(at),
                            also + "to feed the input of another step instead, carry it in a state: `p_t = " + input
                                    + "_t`, then read `p_{t-1}` (`rnnc show` prints the equations as read)");
                }
            }
        }
    }

    private static String at(int offset) {
        return offset == 0 ? "t" : offset > 0 ? "t+" + offset : "t" + offset;
    }

    private static String name(Statement.Equation eq) {
        return ((Expr.Ref) eq.lhs()).name();
    }

    /** The written offset of a read: 1 for `h_{t+1}`, -1 for `h_{t-1}`, 0 for `h_t` and a bare `z`. */
    private static int offset(Expr.Ref r) {
        return r.time() == null ? 0 : -r.time().lag();
    }
}
