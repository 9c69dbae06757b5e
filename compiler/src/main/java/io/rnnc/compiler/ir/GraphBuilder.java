package io.rnnc.compiler.ir;

import io.rnnc.compiler.check.Size;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a step graph. Every node is hash-consed (an equal node already built is returned
 * instead, which shares common subexpressions) and simplified as it is made: constants fold,
 * `x+0`, `x·1`, `x/1`, `x^1`, `--x` and `1-(1-x)` disappear.
 */
public final class GraphBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Node, Integer> index = new HashMap<>();

    /** A builder that continues an existing graph (the backward pass extends the forward one). */
    public static GraphBuilder extending(List<Node> existing) {
        GraphBuilder b = new GraphBuilder();
        for (Node n : existing) {
            b.nodes.add(n);
            b.index.put(key(n), n.id());
        }
        return b;
    }

    /** The nodes built so far, in order. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The node with id {@code id}. */
    public Node node(int id) {
        return nodes.get(id);
    }

    private static Node key(Node n) {
        return new Node(-1, n.op(), n.inputs(), n.size(), n.name(), n.lag(), n.value(), n.offset(), n.matrix());
    }

    private int make(Op op, List<Integer> inputs, Size size, String name, int lag, double value, Size offset,
                     Matrix matrix) {
        Node key = new Node(-1, op, inputs, size, name, lag, value, offset, matrix);
        Integer seen = index.get(key);
        if (seen != null) {
            return seen;
        }
        int id = nodes.size();
        nodes.add(new Node(id, op, inputs, size, name, lag, value, offset, matrix));
        index.put(key, id);
        return id;
    }

    /** A node like {@code n} reading {@code inputs} instead (for passes that rewrite a graph). */
    public int copy(Node n, List<Integer> inputs) {
        return make(n.op(), List.copyOf(inputs), n.size(), n.name(), n.lag(), n.value(), n.offset(), n.matrix());
    }

    /**
     * A node computed by the step whose value is {@code a}'s: `a + 0`, made without the
     * simplification that would return {@code a} itself. A state is stored where the node
     * defining it is computed, so a state defined as an input, a parameter, another state's
     * read or another state's value (`p_t = x_t`, a delay line) is given a node of its own.
     */
    public int computedCopy(int a) {
        return make(Op.ADD, List.of(a, constant(0)), nodes.get(a).size(), null, 0, 0, null, null);
    }

    // ------------------------------------------------------------ leaves

    /** The input, of length {@code size}. */
    public int input(String name, Size size) {
        return make(Op.INPUT, List.of(), size, name, 0, 0, null, null);
    }

    /** A state read {@code lag} steps back. */
    public int state(String name, int lag, Size size) {
        return make(Op.STATE, List.of(), size, name, lag, 0, null, null);
    }

    /** The dropout mask of state {@code name}. */
    public int mask(String name, Size size) {
        return make(Op.MASK, List.of(), size, name, 0, 0, null, null);
    }

    /** A vector (or, with null size, scalar) parameter. */
    public int param(String name, Size size) {
        return make(Op.PARAM, List.of(), size, name, 0, 0, null, null);
    }

    /** A scalar constant. */
    public int constant(double value) {
        return make(Op.CONST, List.of(), null, null, 0, value, null, null);
    }

    /** The length of {@code size} as a scalar. */
    public int sizeOf(Size size) {
        if (size.isConstant()) {
            return constant(size.constant());
        }
        return make(Op.SIZE, List.of(), null, null, 0, 0, size, null);
    }

    /** The gradient arriving for state {@code name} at step t. */
    public int seedState(String name, Size size) {
        return make(Op.SEED_STATE, List.of(), size, name, 0, 0, null, null);
    }

    /** The gradient arriving for the output at step t. */
    public int seedOutput(Size size) {
        return make(Op.SEED_OUTPUT, List.of(), size, null, 0, 0, null, null);
    }

    // ------------------------------------------------------------ elementwise

    /** A unary elementwise op ({@code k}: POW's exponent, else ignored). */
    public int unary(Op op, int a, double k) {
        Node x = nodes.get(a);
        if (op == Op.NEG && x.op() == Op.NEG) {
            return x.in(0);
        }
        if (op == Op.POW && k == 1) {
            return a;
        }
        if (x.op() == Op.CONST) {
            return constant(op.apply(x.value(), k));
        }
        return make(op, List.of(a), x.size(), null, 0, op == Op.POW ? k : 0, null, null);
    }

    /** −a. */
    public int neg(int a) {
        return unary(Op.NEG, a, 0);
    }

    /** A binary elementwise op; a scalar operand broadcasts. */
    public int binary(Op op, int a, int b) {
        Node x = nodes.get(a);
        Node y = nodes.get(b);
        Size size = x.size() != null ? x.size() : y.size();
        if (x.op() == Op.CONST && y.op() == Op.CONST) {
            return constant(op.apply(x.value(), y.value()));
        }
        Integer simple = simplify(op, x, y, size);
        if (simple != null) {
            return simple;
        }
        return make(op, List.of(a, b), size, null, 0, 0, null, null);
    }

    /** Algebraic identities; null when none applies. Only those that keep the result's shape. */
    private Integer simplify(Op op, Node x, Node y, Size size) {
        boolean keepsShapeOfX = x.size() != null || size == null;
        boolean keepsShapeOfY = y.size() != null || size == null;
        switch (op) {
            case ADD:
                if (isConst(y, 0) && keepsShapeOfX) {
                    return x.id();
                }
                if (isConst(x, 0) && keepsShapeOfY) {
                    return y.id();
                }
                if (y.op() == Op.NEG) {
                    return sub(x.id(), y.in(0)); // a + (−b) = a − b
                }
                if (x.op() == Op.NEG) {
                    return sub(y.id(), x.in(0));
                }
                break;
            case SUB:
                if (isConst(y, 0) && keepsShapeOfX) {
                    return x.id();
                }
                if (isConst(x, 0) && keepsShapeOfY) {
                    return neg(y.id());
                }
                if (isConst(x, 1) && y.op() == Op.SUB && isConst(nodes.get(y.in(0)), 1)) {
                    return y.in(1); // 1 − (1 − a) = a
                }
                break;
            case MUL:
                if (isConst(y, 1) && keepsShapeOfX) {
                    return x.id();
                }
                if (isConst(x, 1) && keepsShapeOfY) {
                    return y.id();
                }
                if (isConst(x, -1) && keepsShapeOfY) {
                    return neg(y.id());
                }
                break;
            case DIV:
                if (isConst(y, 1) && keepsShapeOfX) {
                    return x.id();
                }
                break;
            default:
                break;
        }
        return null;
    }

    private static boolean isConst(Node n, double v) {
        return n.op() == Op.CONST && n.value() == v;
    }

    /** a + b. */
    public int add(int a, int b) {
        return binary(Op.ADD, a, b);
    }

    /** a − b. */
    public int sub(int a, int b) {
        return binary(Op.SUB, a, b);
    }

    /** a ⊙ b. */
    public int mul(int a, int b) {
        return binary(Op.MUL, a, b);
    }

    /** a / b. */
    public int div(int a, int b) {
        return binary(Op.DIV, a, b);
    }

    // ------------------------------------------------------------ vectors

    /** softmax, sum, mean, reduce_max or reduce_min of a vector. */
    public int vector(Op op, int a) {
        Size size = op == Op.SOFTMAX ? nodes.get(a).size() : null;
        if (nodes.get(a).isScalar()) {
            return op == Op.SOFTMAX ? constant(1) : a;
        }
        return make(op, List.of(a), size, null, 0, 0, null, null);
    }

    /** A scalar repeated {@code size} times. */
    public int broadcast(int a, Size size) {
        return make(Op.BROADCAST, List.of(a), size, null, 0, 0, null, null);
    }

    /** Vectors stacked; a scalar part counts as length 1. */
    public int concat(List<Integer> parts) {
        if (parts.size() == 1 && !nodes.get(parts.get(0)).isScalar()) {
            return parts.get(0);
        }
        Size total = Size.of(0);
        for (int p : parts) {
            Size s = nodes.get(p).size();
            total = total.plus(s == null ? Size.of(1) : s);
        }
        return make(Op.CONCAT, List.copyOf(parts), total, null, 0, 0, null, null);
    }

    /** Elements [offset, offset+width) of a vector; a slice of length 1 of a scalar is itself. */
    public int slice(int a, Size offset, Size width) {
        Node x = nodes.get(a);
        if (x.isScalar()) {
            return a;
        }
        if (offset.isZero() && width.equals(x.size())) {
            return a;
        }
        return make(Op.SLICE, List.of(a), width, null, 0, 0, offset, null);
    }

    /** {@code M · v}. */
    public int matVec(Matrix matrix, int v) {
        return make(Op.MATVEC, List.of(v), matrix.rows(), null, 0, 0, null, matrix);
    }
}
