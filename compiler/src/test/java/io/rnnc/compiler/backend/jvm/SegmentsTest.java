package io.rnnc.compiler.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.compiler.schedule.Scheduler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The order a fused region's nodes are generated in: every node after the nodes of the region it
 * reads, and each elementwise run as long as those reads allow, so that reductions (a layer
 * normalisation's means and variances) do not cut the work between them into a run per gate.
 */
class SegmentsTest {
    private static final Map<String, Integer> SIZES = Map.of("H", 35, "X", 17);

    @ParameterizedTest
    @ValueSource(strings = {"/cells/ln_lstm.rnn", "/cells/ln_gru.rnn", "/cells/gated_chain.rnn", "/seeds/seed004_gru.rnn", "/seeds/seed002_lstm.rnn"})
    void eachRegionRunsInAnOrderOfItsDataWithRunsThatCouldNotGoOn(String path) throws IOException {
        CellProgram program = CellProgram.grouped(TestCells.check(path, JvmAgreementTest.resource(path)));
        List<Node> nodes = program.backward().nodes();
        Schedule s = Scheduler.of(program);
        for (List<Schedule.Stage> phase : List.of(s.hoist(), s.forward(), s.backward(), s.deferred())) {
            for (Schedule.Stage stage : phase) {
                List<Integer> region = stage.region().nodes();
                List<Integer> order = Segments.fusedOrder(region, nodes, SIZES);
                assertEquals(new HashSet<>(region), new HashSet<>(order), path + ": the same nodes");
                assertEquals(region.size(), order.size(), path + ": each once");
                assertReadsComeFirst(order, nodes, path);
                assertRunsEndOnlyWhereTheyMust(order, nodes, path);
            }
        }
    }

    /** The layer-normalised LSTM's backward step in graph order alternates runs and sums; in fused order it has fewer segments. */
    @ParameterizedTest
    @ValueSource(strings = {"/cells/ln_lstm.rnn", "/cells/ln_gru.rnn"})
    void reductionsNoLongerCutTheirCellsWorkIntoARunPerGate(String path) throws IOException {
        CellProgram program = CellProgram.grouped(TestCells.check(path, JvmAgreementTest.resource(path)));
        List<Node> nodes = program.backward().nodes();
        int graphOrder = 0;
        int fused = 0;
        for (Schedule.Stage stage : Scheduler.of(program).backward()) {
            graphOrder += runsInOrder(stage.region().nodes(), nodes);
            fused += runsInOrder(Segments.fusedOrder(stage.region().nodes(), nodes, SIZES), nodes);
        }
        assertTrue(fused < graphOrder, path + ": " + fused + " runs in fused order, " + graphOrder + " in graph order");
    }

    private static void assertReadsComeFirst(List<Integer> order, List<Node> nodes, String path) {
        Set<Integer> region = new HashSet<>(order);
        Set<Integer> placed = new HashSet<>();
        for (int id : order) {
            for (int in : nodes.get(id).inputs()) {
                assertFalse(region.contains(in) && !placed.contains(in), path + ": node " + id + " before its input " + in);
            }
            placed.add(id);
        }
    }

    /** Where an elementwise run ends, no later node of its width had all its reads placed already. */
    private static void assertRunsEndOnlyWhereTheyMust(List<Integer> order, List<Node> nodes, String path) {
        Map<Integer, Integer> position = new HashMap<>();
        for (int k = 0; k < order.size(); k++) {
            position.put(order.get(k), k);
        }
        for (int k = 0; k + 1 < order.size(); k++) {
            int width = runWidth(nodes.get(order.get(k)));
            Node next = nodes.get(order.get(k + 1));
            // A slice computes nothing: the run goes on past it.
            if (width < 0 || runWidth(next) == width || next.op() == Op.SLICE) {
                continue;
            }
            int end = k;
            for (int later = k + 2; later < order.size(); later++) {
                Node n = nodes.get(order.get(later));
                boolean readyAtTheEnd = n.inputs().stream().allMatch(in -> position.getOrDefault(in, -1) <= end);
                assertFalse(runWidth(n) == width && readyAtTheEnd,
                        path + ": the run ending at node " + order.get(k) + " could have gone on with node " + n.id());
            }
        }
    }

    /** Elementwise runs (of one width, slices aside) in a sequence of nodes. */
    private static int runsInOrder(List<Integer> order, List<Node> nodes) {
        List<Integer> widths = new ArrayList<>();
        for (int id : order) {
            Node n = nodes.get(id);
            if (n.op() != Op.SLICE) {
                widths.add(runWidth(n));
            }
        }
        int runs = 0;
        for (int k = 0; k < widths.size(); k++) {
            if (widths.get(k) >= 0 && (k == 0 || !widths.get(k).equals(widths.get(k - 1)))) {
                runs++;
            }
        }
        return runs;
    }

    /** The width of an elementwise node's run, -1 for any other node. */
    private static int runWidth(Node n) {
        return Segments.isElementwise(n) ? Segments.width(n, SIZES) : -1;
    }
}
