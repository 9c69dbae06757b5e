package io.rnnc.compiler.show;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.schedule.Schedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * `rnnc show --plan`: what the compiler does with a cell: the GEMMs (with their shapes, which
 * are hoisted out of the time loop), the fused elementwise regions between them, and what the
 * forward pass keeps for the backward pass.
 */
public final class PlanPrinter {
    private final Schedule schedule;
    private final List<Node> nodes;
    private final TypedCell cell;
    private final Map<Integer, String> names = new HashMap<>();
    private final GraphPrinter printer;

    private PlanPrinter(Schedule schedule) {
        this.schedule = schedule;
        this.nodes = schedule.program().backward().nodes();
        this.cell = schedule.program().cell();
        schedule.program().forward().values().forEach((name, id) -> names.putIfAbsent(id, name));
        this.printer = new GraphPrinter(nodes, cell, Notation.UNICODE, this::operandName);
    }

    /** The plan as text. */
    public static String print(Schedule schedule) {
        return new PlanPrinter(schedule).run();
    }

    private String run() {
        StringBuilder out = new StringBuilder("plan of " + cell.name() + " (T steps, batch B)\n");
        out.append("\nforward, before the loop (work on the input alone, hoisted)\n");
        stages(schedule.hoist(), "T·B", out);
        out.append("\nforward, each step\n");
        stages(schedule.forward(), "B", out);
        out.append("\nbackward, each step from the last\n");
        stages(schedule.backward(), "B", out);
        out.append("\nbackward, after the loop\n");
        stages(schedule.deferred(), "T·B", out);
        weightGradients(out);
        saved(out);
        return out.toString();
    }

    private void stages(List<Schedule.Stage> stages, String rows, StringBuilder out) {
        for (Schedule.Stage s : stages) {
            gemms(s.gemms(), rows, out);
            region(s.region(), rows, out);
        }
    }

    private void gemms(List<Integer> ids, String rows, StringBuilder out) {
        for (int id : ids) {
            Node n = nodes.get(id);
            out.append("  GEMM [").append(rows).append(", ").append(n.matrix().cols()).append("]×[")
                    .append(n.matrix().cols()).append(", ").append(n.matrix().rows()).append("]  ")
                    .append(printer.matrix(n.matrix())).append("·").append(operandName(n.in(0)) == null
                            ? "(" + shortened(printer.definition(n.in(0))) + ")" : operandName(n.in(0)))
                    .append('\n');
        }
    }

    /** A long operand's expression cut to its start: the plan is about shapes, not formulas. */
    private static String shortened(String text) {
        return text.length() <= 48 ? text : text.substring(0, 47) + "…";
    }

    private String operandName(int id) {
        Node n = nodes.get(id);
        return switch (n.op()) {
            case INPUT -> Notation.UNICODE.name(n.name(), "t");
            case STATE -> Notation.UNICODE.name(n.name(), "t-" + n.lag());
            case SEED_STATE -> "δ" + n.name() + "_t⁺";
            case SEED_OUTPUT -> "∂ℓ/∂y_t";
            default -> names.containsKey(id) ? names.get(id) : n.op() == Op.PARAM ? n.name() : null;
        };
    }

    private void region(Schedule.Region region, String rows, StringBuilder out) {
        List<Integer> computed = region.nodes().stream().filter(id -> nodes.get(id).op() != Op.SLICE).toList();
        if (computed.isEmpty()) {
            return;
        }
        List<String> named = new ArrayList<>();
        for (int id : computed) {
            if (names.containsKey(id)) {
                named.add(names.get(id));
            }
        }
        out.append("  fused loop over ").append(rows).append(" rows: ").append(computed.size()).append(" operations");
        if (!named.isEmpty()) {
            out.append(", computing ").append(String.join(", ", named));
        }
        out.append('\n');
    }

    private void weightGradients(StringBuilder out) {
        for (BackwardGraph.ParamGrad g : schedule.program().backward().paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Outer o) {
                out.append("  GEMM [").append(o.matrix().rows()).append(", T·B]×[T·B, ").append(o.matrix().cols())
                        .append("]  gradient of ").append(printer.matrix(o.matrix())).append('\n');
            } else {
                out.append("  sum over T·B rows  gradient of ").append(((BackwardGraph.ParamGrad.Direct) g).param())
                        .append('\n');
            }
        }
    }

    private void saved(StringBuilder out) {
        Size total = Size.of(0);
        List<String> parts = new ArrayList<>();
        for (int id : schedule.savedForward()) {
            Node n = nodes.get(id);
            Size w = n.isScalar() ? Size.of(1) : n.size();
            total = total.plus(w);
            String name = names.containsKey(id) ? names.get(id) : shortened(printer.definition(id));
            parts.add(name + " [" + w + "]");
        }
        out.append("\nsaved by the forward pass for the backward pass, per step and sample: ").append(total)
                .append(" values\n  ").append(String.join(", ", parts)).append('\n');
    }
}
