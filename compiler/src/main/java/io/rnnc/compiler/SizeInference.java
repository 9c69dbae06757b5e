package io.rnnc.compiler;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the values of a cell's sizes (H, X, size parameters) from the shapes of the
 * parameter tensors a user gives, and says in a sentence when they do not fit the cell.
 */
public final class SizeInference {
    private SizeInference() {
    }

    /** Thrown when the given shapes cannot be a cell's parameters; the message is a sentence. */
    public static final class Mismatch extends Exception {
        Mismatch(String message) {
            super(message);
        }
    }

    /**
     * @param cell the cell
     * @param shapes the shape of each parameter given, by the cell's names (all must be given)
     * @param known sizes already known (X from the input, H from an initial state)
     * @return a value for every size the cell uses
     */
    public static Map<String, Integer> solve(TypedCell cell, Map<String, int[]> shapes, Map<String, Integer> known)
            throws Mismatch {
        Map<String, Integer> values = new HashMap<>(known);
        List<Constraint> constraints = constraints(cell, shapes);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Constraint c : constraints) {
                progress |= solveOne(c, values);
            }
        }
        for (Constraint c : constraints) {
            Set<String> missing = new LinkedHashSet<>(c.size.terms().keySet());
            missing.removeAll(values.keySet());
            if (!missing.isEmpty()) {
                throw new Mismatch("cannot tell the size " + String.join(", ", missing) + " from the shape of `"
                        + c.param + "`; give it with --size " + missing.iterator().next() + "=N");
            }
            if (c.size.evaluate(values) != c.actual) {
                throw new Mismatch("`" + c.param + "` has shape " + java.util.Arrays.toString(shapes.get(c.param))
                        + " but the cell needs " + cell.param(c.param).shapeString() + " = "
                        + expected(cell.param(c.param), values) + " here");
            }
        }
        return values;
    }

    private record Constraint(String param, Size size, int actual) {
    }

    private static List<Constraint> constraints(TypedCell cell, Map<String, int[]> shapes) throws Mismatch {
        List<Constraint> out = new ArrayList<>();
        for (TypedCell.Param p : cell.params()) {
            int[] shape = shapes.get(p.name());
            if (shape == null) {
                throw new Mismatch("parameter `" + p.name() + "` is missing");
            }
            int rank = p.kind() == TypedCell.ParamKind.MATRIX ? 2 : p.kind() == TypedCell.ParamKind.VECTOR ? 1 : 0;
            if (shape.length != rank) {
                throw new Mismatch("`" + p.name() + "` has " + shape.length + " dimension(s) but the cell needs "
                        + p.shapeString());
            }
            if (rank >= 1) {
                out.add(new Constraint(p.name(), p.rows(), shape[0]));
            }
            if (rank == 2) {
                out.add(new Constraint(p.name(), p.cols(), shape[1]));
            }
        }
        return out;
    }

    /** Solves a constraint with exactly one unknown variable; true when it learned something. */
    private static boolean solveOne(Constraint c, Map<String, Integer> values) {
        String unknown = null;
        int rest = c.size.constant();
        for (Map.Entry<String, Integer> t : c.size.terms().entrySet()) {
            if (values.containsKey(t.getKey())) {
                rest += t.getValue() * values.get(t.getKey());
            } else if (unknown == null) {
                unknown = t.getKey();
            } else {
                return false;
            }
        }
        if (unknown == null) {
            return false;
        }
        int coefficient = c.size.terms().get(unknown);
        int remainder = c.actual - rest;
        if (remainder % coefficient != 0 || remainder / coefficient <= 0) {
            return false;
        }
        values.put(unknown, remainder / coefficient);
        return true;
    }

    private static String expected(TypedCell.Param p, Map<String, Integer> values) {
        List<String> dims = new ArrayList<>();
        for (Size s : p.kind() == TypedCell.ParamKind.MATRIX ? List.of(p.rows(), p.cols()) : List.of(p.rows())) {
            Set<String> vars = s.terms().keySet();
            dims.add(values.keySet().containsAll(vars) ? Integer.toString(s.evaluate(values)) : s.toString());
        }
        return "[" + String.join(", ", dims) + "]";
    }
}
