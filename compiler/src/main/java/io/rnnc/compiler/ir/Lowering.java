package io.rnnc.compiler.ir;

import io.rnnc.compiler.check.Builtin;
import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TExpr;
import io.rnnc.compiler.check.TypedCell;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers a checked cell to its forward step graph. Products with a concatenation become sums
 * of products with column blocks of one stored matrix (`W·[a, b]` → `W[:, a]·a + W[:, b]·b`),
 * and block aliases (`W_aa`) become blocks of the matrix they name.
 */
public final class Lowering {
    private final TypedCell cell;
    private final GraphBuilder g = new GraphBuilder();
    private final Map<String, Integer> values = new LinkedHashMap<>();
    private final boolean stateMasks;

    private Lowering(TypedCell cell, boolean stateMasks) {
        this.cell = cell;
        this.stateMasks = stateMasks;
    }

    /** The forward step graph of {@code cell}. */
    public static StepGraph lower(TypedCell cell) {
        return new Lowering(cell, false).run();
    }

    /**
     * The same with every state read that a matrix product takes as its operand multiplied by
     * the state's {@link Op#MASK}, for variational dropout on the recurrent state (as Gal and
     * Ghahramani drop h_{t-1} in the gates' products, and not where it is carried elementwise).
     */
    public static StepGraph lowerWithStateMasks(TypedCell cell) {
        return new Lowering(cell, true).run();
    }

    private StepGraph run() {
        for (TypedCell.Value v : cell.values()) {
            values.put(v.name(), lower(v.expr()));
        }
        List<StepGraph.StateSlot> states = new ArrayList<>();
        Set<Integer> stateNodes = new HashSet<>();
        for (TypedCell.State s : cell.states()) {
            int node = values.get(s.name());
            // Each state needs a node of its own that the step computes (see computedCopy).
            while (g.node(node).op().kind() == Op.Kind.LEAF || stateNodes.contains(node)) {
                node = g.computedCopy(node);
            }
            stateNodes.add(node);
            values.put(s.name(), node);
            states.add(new StepGraph.StateSlot(s.name(), s.maxLag(), s.size(), node));
        }
        return new StepGraph(cell, g.nodes(), states, values.get(cell.output()), Map.copyOf(values));
    }

    private int lower(TExpr e) {
        if (e instanceof TExpr.Read r) {
            return switch (r.role()) {
                case INPUT -> g.input(r.name(), cell.inputSize());
                case VALUE -> values.get(r.name());
                case STATE -> g.state(r.name(), r.lag(), r.shape().size());
            };
        }
        if (e instanceof TExpr.ParamRef p) {
            return g.param(p.param(), p.shape().isVector() ? p.shape().size() : null);
        }
        if (e instanceof TExpr.Const c) {
            return g.constant(c.value());
        }
        if (e instanceof TExpr.MatVec m) {
            return matVec(m);
        }
        if (e instanceof TExpr.Call c) {
            return call(c);
        }
        if (e instanceof TExpr.Arith a) {
            Op op = switch (a.op()) {
                case ADD -> Op.ADD;
                case SUB -> Op.SUB;
                case MUL -> Op.MUL;
                case DIV -> Op.DIV;
            };
            return g.binary(op, lower(a.left()), lower(a.right()));
        }
        if (e instanceof TExpr.Neg n) {
            return g.neg(lower(n.operand()));
        }
        if (e instanceof TExpr.Pow p) {
            return g.unary(Op.POW, lower(p.base()), p.exponent());
        }
        if (e instanceof TExpr.Slice sl) {
            return g.slice(lower(sl.source()), sl.offset(), sl.width());
        }
        TExpr.Concat c = (TExpr.Concat) e;
        List<Integer> parts = new ArrayList<>();
        c.parts().forEach(p -> parts.add(lower(p)));
        return g.concat(parts);
    }

    private int matVec(TExpr.MatVec m) {
        TypedCell.View view = cell.views().stream().filter(v -> v.alias().equals(m.param())).findFirst().orElse(null);
        String stored = view == null ? m.param() : view.param();
        TypedCell.Param p = cell.param(stored);
        Size inOffset = view == null ? Size.of(0) : view.offset();
        Size out = m.rowVector() ? p.cols() : p.rows();
        return blocks(stored, m.rowVector(), out, inOffset, m.operand());
    }

    /** `M[:, offset…]·v`, split over the parts when v is a concatenation. */
    private int blocks(String param, boolean transposed, Size out, Size offset, TExpr operand) {
        if (operand instanceof TExpr.Concat c) {
            Integer sum = null;
            Size at = offset;
            for (TExpr part : c.parts()) {
                int term = blocks(param, transposed, out, at, part);
                sum = sum == null ? term : g.add(sum, term);
                at = at.plus(part.shape().isVector() ? part.shape().size() : Size.of(1));
            }
            return sum;
        }
        Size width = operand.shape().isVector() ? operand.shape().size() : Size.of(1);
        Matrix.Block block = new Matrix.Block(param, transposed, Size.of(0), out, offset, width);
        int v = lower(operand);
        if (stateMasks && operand instanceof TExpr.Read r && r.role() == TExpr.Role.STATE) {
            v = g.binary(Op.MUL, v, g.mask(r.name(), r.shape().size()));
        }
        return g.matVec(Matrix.of(block), v);
    }

    private int call(TExpr.Call c) {
        List<Integer> args = new ArrayList<>();
        c.args().forEach(a -> args.add(lower(a)));
        int a = args.get(0);
        Builtin fn = c.function();
        return switch (fn) {
            case SIGMOID -> g.unary(Op.SIGMOID, a, 0);
            case TANH -> g.unary(Op.TANH, a, 0);
            case RELU -> g.unary(Op.RELU, a, 0);
            case LEAKY_RELU -> g.unary(Op.LEAKY_RELU, a, 0);
            case ELU -> g.unary(Op.ELU, a, 0);
            case SOFTPLUS -> g.unary(Op.SOFTPLUS, a, 0);
            case SOFTSIGN -> g.unary(Op.SOFTSIGN, a, 0);
            case HARD_SIGMOID -> g.unary(Op.HARD_SIGMOID, a, 0);
            case EXP -> g.unary(Op.EXP, a, 0);
            case LOG -> g.unary(Op.LOG, a, 0);
            case SQRT -> g.unary(Op.SQRT, a, 0);
            case ABS -> g.unary(Op.ABS, a, 0);
            case IDENTITY -> a;
            case SOFTMAX -> g.vector(Op.SOFTMAX, a);
            case SUM -> g.vector(Op.SUM, a);
            case MEAN -> g.vector(Op.MEAN, a);
            case MIN -> args.size() == 2 ? g.binary(Op.MIN, a, args.get(1)) : g.vector(Op.REDUCE_MIN, a);
            case MAX -> args.size() == 2 ? g.binary(Op.MAX, a, args.get(1)) : g.vector(Op.REDUCE_MAX, a);
        };
    }
}
