package io.rnnc.compiler.ir;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import java.util.List;
import java.util.TreeSet;
import java.util.Set;
import java.util.Map;

/**
 * The forward step of a cell as an SSA DAG: from the input at t, the states at earlier steps
 * and the parameters, compute every value at t.
 *
 * @param cell the checked cell it was lowered from
 * @param nodes the nodes, operands before users
 * @param states the states, each with the node computing its value at t
 * @param output the node computing the layer's output
 * @param values every named value's node
 */
public record StepGraph(TypedCell cell, List<Node> nodes, List<StateSlot> states, int output,
                        Map<String, Integer> values) {

    /**
     * A state: its name, how far back it is read, its size, and the node of its new value.
     */
    public record StateSlot(String name, int maxLag, Size size, int node) {
    }

    /** The state named {@code name}. */
    public StateSlot state(String name) {
        return states.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no state " + name));
    }

    /** The states' names, in order. */
    public List<String> stateNames() {
        return states.stream().map(StateSlot::name).toList();
    }

    /** The states multiplied by a dropout mask where products read them (see {@link Op#MASK}); empty if none. */
    public Set<String> maskedStates() {
        Set<String> out = new TreeSet<>();
        nodes.stream().filter(n -> n.op() == Op.MASK).forEach(n -> out.add(n.name()));
        return out;
    }

    /** The input's name. */
    public String input() {
        return cell.input();
    }

    /** The size of the output (a vector). */
    public Size outputSize() {
        return nodes.get(output).size();
    }
}
