package io.rnnc.compiler.ast;

import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sums over an index, as papers write them, read as what they compute:
 * `\sum_{i=1}^{D} z_i` is `sum(z)`, `\frac{1}{D}\sum_{i=1}^{D} z_i` is `mean(z)` (Ba et al.'s
 * layer norm), and `\sum_j U_{i,j} x_j` is `[U x]_i`, element i of a matrix product
 * (Goodfellow et al.'s per-unit LSTM).
 */
final class Sums {
    private Sums() {
    }

    /**
     * The sum over {@code index} of {@code summand}; null after an error (reported).
     *
     * @param mean whether `\frac{1}{N}` with the sum's own N stood before it
     */
    static Expr read(String index, boolean mean, Expr summand, Span span, Diagnostics diagnostics) {
        List<Expr.Ref> matrices = new ArrayList<>();
        List<Expr.Ref> indexed = new ArrayList<>();
        ExprTraversal.forEachRef(summand, r -> {
            if (rowIndex(r, index) != null) {
                matrices.add(r);
            } else if (labels(r).contains(index)) {
                indexed.add(r);
            }
        });
        if (matrices.isEmpty() && indexed.isEmpty()) {
            diagnostics.error(span, "the terms of this sum do not depend on its index `" + index + "`",
                    "index what is summed, e.g. `\\sum_{" + index + "=1}^{D} z_" + index + "`");
            return null;
        }
        if (matrices.isEmpty()) {
            String fn = mean ? "mean" : "sum";
            Expr terms = ExprTraversal.mapRefs(summand, r -> without(r, index));
            return new Expr.Call(new Expr.Ref(fn, null, span), List.of(terms), span);
        }
        if (matrices.size() > 1 || mean || !(summand instanceof Expr.Product p) || p.factors().get(0) != matrices.get(0)) {
            diagnostics.error(span, "rnnc reads a sum over `" + index + "` as one matrix times a vector, "
                            + "`\\sum_" + index + " W_{i," + index + "} h_" + index + "`, or as a sum of one vector's elements",
                    "write the product as a matrix times a vector, e.g. `W h_{t-1}`");
            return null;
        }
        Expr.Ref matrix = matrices.get(0);
        String row = rowIndex(matrix, index);
        List<Expr> factors = new ArrayList<>();
        factors.add(withoutLabel(matrix, labelWith(matrix, index)));
        for (Expr f : p.factors().subList(1, p.factors().size())) {
            factors.add(ExprTraversal.mapRefs(f, r -> without(r, index)));
        }
        return new Expr.Element(new Expr.Product(factors, p.span()), row, span);
    }

    private static List<String> labels(Expr.Ref r) {
        List<String> parts = Arrays.asList(r.name().split("_", -1));
        return parts.subList(1, parts.size());
    }

    /** The row index of a matrix entry `W_{i,j}` or `W_{ij}` summed over j, else null. */
    private static String rowIndex(Expr.Ref r, String index) {
        String label = labelWith(r, index);
        if (label == null) {
            return null;
        }
        return label.contains(",") ? label.substring(0, label.indexOf(',')) : label.substring(0, 1);
    }

    /** The label of {@code r} that pairs a row index with {@code index}, or null. */
    private static String labelWith(Expr.Ref r, String index) {
        for (String label : labels(r)) {
            String[] pair = label.split(",", -1);
            boolean comma = pair.length == 2 && pair[1].equals(index) && pair[0].codePointCount(0, pair[0].length()) == 1;
            boolean joined = label.length() == 2 && label.endsWith(index) && Character.isLetter(label.charAt(0));
            if (comma || joined) {
                return label;
            }
        }
        return null;
    }

    private static Expr.Ref without(Expr.Ref r, String index) {
        return labels(r).contains(index) ? withoutLabel(r, index) : r;
    }

    private static Expr.Ref withoutLabel(Expr.Ref r, String label) {
        List<String> parts = new ArrayList<>(Arrays.asList(r.name().split("_", -1)));
        parts.remove(parts.lastIndexOf(label));
        return new Expr.Ref(String.join("_", parts), r.time(), r.unit(), r.span());
    }
}
