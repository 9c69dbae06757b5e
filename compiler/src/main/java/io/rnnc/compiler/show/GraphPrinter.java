package io.rnnc.compiler.show;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Prints step-IR expressions in a {@link Notation}, with parentheses only where precedence
 * needs them. Which nodes print as names (values, gradients, temporaries) is the caller's
 * choice, given as a function from node id to a name or null.
 */
final class GraphPrinter {
    private static final int SUM = 1;
    private static final int ELEMENTWISE = 2;
    private static final int SIGN = 3;
    private static final int PRODUCT = 4;
    private static final int ATOM = 5;

    private final List<Node> nodes;
    private final TypedCell cell;
    private final Notation notation;
    private final IntFunction<String> names;

    GraphPrinter(List<Node> nodes, TypedCell cell, Notation notation, IntFunction<String> names) {
        this.nodes = nodes;
        this.cell = cell;
        this.notation = notation;
        this.names = names;
    }

    /** The expression computing node {@code id}, ignoring a name the node itself may have. */
    String definition(int id) {
        return text(nodes.get(id));
    }

    private String print(int id, int context) {
        String name = names.apply(id);
        if (name != null) {
            return name;
        }
        Node n = nodes.get(id);
        String text = text(n);
        return precedence(n) < context ? "(" + text + ")" : text;
    }

    private static int precedence(Node n) {
        return switch (n.op()) {
            case ADD, SUB -> SUM;
            case MUL, DIV -> ELEMENTWISE;
            case NEG -> SIGN;
            case MATVEC -> PRODUCT;
            case CONST -> n.value() < 0 ? SIGN : ATOM;
            case BROADCAST -> SIGN;
            default -> ATOM;
        };
    }

    private String text(Node n) {
        return switch (n.op()) {
            case CONST -> ExprPrinter.number(n.value());
            case SIZE -> n.offset().toString();
            case PARAM -> notation.name(n.name(), null);
            case ADD -> print(n.in(0), SUM) + " + " + print(n.in(1), SUM + 1);
            case SUB -> print(n.in(0), SUM) + " - " + print(n.in(1), SUM + 1);
            case MUL -> print(n.in(0), ELEMENTWISE) + " " + notation.hadamard() + " " + print(n.in(1), ELEMENTWISE + 1);
            case DIV -> print(n.in(0), ELEMENTWISE) + " / " + print(n.in(1), ELEMENTWISE + 1);
            case NEG -> "-" + print(n.in(0), PRODUCT);
            case POW -> notation.power(print(n.in(0), ATOM), ExprPrinter.number(n.value()));
            case STEP -> "[" + print(n.in(0), 0) + " > 0]";
            case GE -> "[" + print(n.in(0), 0) + " ≥ " + print(n.in(1), 0) + "]";
            case BROADCAST -> print(n.in(0), SIGN);
            case CONCAT -> "[" + n.inputs().stream().map(i -> print(i, 0)).collect(Collectors.joining(", ")) + "]";
            case SLICE -> print(n.in(0), ATOM) + "[" + range(n.offset(), n.size()) + "]";
            case MATVEC -> matrix(n.matrix()) + notation.dot() + print(n.in(0), ATOM);
            case MIN, MAX -> notation.call(function(n.op()), print(n.in(0), 0) + ", " + print(n.in(1), 0));
            default -> notation.call(function(n.op()), print(n.in(0), 0));
        };
    }

    private static String function(Op op) {
        return switch (op) {
            case SIGMOID -> "σ";
            case LEAKY_STEP -> "leaky_relu'";
            case ELU_SLOPE -> "elu'";
            case HARD_SIGMOID_SLOPE -> "hard_sigmoid'";
            case SUM -> "Σ";
            case REDUCE_MAX -> "max";
            case REDUCE_MIN -> "min";
            default -> op.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** The matrix a MATVEC multiplies by: `W`, `W[:, 0:H]`, `W[:, H:H+X]ᵀ`, `[W_ii; W_if]ᵀ`. */
    String matrix(Matrix m) {
        if (m.blocks().size() == 1) {
            String block = storedBlock(m.blocks().get(0));
            return m.blocks().get(0).transposed() != m.transposed() ? notation.transpose(block) : block;
        }
        String stack = "[" + m.blocks().stream().map(this::blockOfStack).collect(Collectors.joining("; ")) + "]";
        return m.transposed() ? notation.transpose(stack) : stack;
    }

    private String blockOfStack(Matrix.Block b) {
        String block = storedBlock(b);
        return b.transposed() ? notation.transpose(block) : block;
    }

    /** The part of the stored matrix a block covers, as `W_f` or `W_f[:, 0:H]`. */
    String storedBlock(Matrix.Block b) {
        TypedCell.Param p = cell.param(b.param());
        // A block of Wᵀ is the transposed block of W with rows and columns swapped.
        Size rowOffset = b.transposed() ? b.colOffset() : b.rowOffset();
        Size rowCount = b.transposed() ? b.cols() : b.rows();
        Size colOffset = b.transposed() ? b.rowOffset() : b.colOffset();
        Size colCount = b.transposed() ? b.rows() : b.cols();
        String rows = full(rowOffset, rowCount, p.rows()) ? ":" : range(rowOffset, rowCount);
        String cols = full(colOffset, colCount, p.cols()) ? ":" : range(colOffset, colCount);
        String name = notation.name(b.param(), null);
        return rows.equals(":") && cols.equals(":") ? name : name + "[" + rows + ", " + cols + "]";
    }

    private static boolean full(Size offset, Size width, Size whole) {
        return offset.isZero() && width.equals(whole);
    }

    private static String range(Size offset, Size width) {
        return offset + ":" + offset.plus(width);
    }
}
