package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a long run of elementwise nodes is cut so that each piece's code fits one method
 * ({@link CodeBudget#BYTES}, by {@link CodeBudget#estimate}): in the second half of the budget,
 * at the point where the fewest values computed before it are read after it, since each of
 * those must then be stored and loaded again (values stored anyway, those read outside the run,
 * cost nothing more).
 */
final class RunCuts {
    private final List<Integer> run;
    private final List<Node> nodes;
    private final Map<Integer, Integer> position = new HashMap<>();
    /** The last position in the run that reads each node, or -1. */
    private final int[] lastUse;
    /** Whether each node is stored whatever the cuts: read outside the run, or by nothing (a result). */
    private final boolean[] storedAnyway;

    private RunCuts(List<Integer> run, List<Node> nodes, int[] readers) {
        this.run = run;
        this.nodes = nodes;
        for (int k = 0; k < run.size(); k++) {
            position.put(run.get(k), k);
        }
        lastUse = new int[run.size()];
        java.util.Arrays.fill(lastUse, -1);
        int[] readersInRun = new int[run.size()];
        for (int k = 0; k < run.size(); k++) {
            for (int in : nodes.get(run.get(k)).inputs()) {
                Integer p = position.get(in);
                if (p != null) {
                    lastUse[p] = k;
                    readersInRun[p]++;
                }
            }
        }
        storedAnyway = new boolean[run.size()];
        for (int k = 0; k < run.size(); k++) {
            int id = run.get(k);
            storedAnyway[k] = readers[id] == 0 || readers[id] > readersInRun[k];
        }
    }

    /**
     * The run cut into pieces that each fit the budget (a single node larger than it is a piece
     * of its own).
     *
     * @param readers how many nodes of the whole graph read each node
     */
    static List<List<Integer>> cut(List<Integer> run, List<Node> nodes, int[] readers) {
        return new RunCuts(run, nodes, readers).pieces();
    }

    private List<List<Integer>> pieces() {
        List<List<Integer>> out = new ArrayList<>();
        int start = 0;
        while (start < run.size()) {
            int end = start;
            int bytes = 0;
            int halfway = -1;
            while (end < run.size()) {
                int b = estimate(end, start);
                if (end > start && bytes + b > CodeBudget.BYTES) {
                    break;
                }
                bytes += b;
                end++;
                if (halfway < 0 && bytes >= CodeBudget.BYTES / 2) {
                    halfway = end;
                }
            }
            int at = end == run.size() ? end : bestCut(start, Math.max(halfway, start + 1), end);
            out.add(List.copyOf(run.subList(start, at)));
            start = at;
        }
        return out;
    }

    private int estimate(int k, int pieceStart) {
        Node n = nodes.get(run.get(k));
        return CodeBudget.estimate(n, in -> {
            Integer p = position.get(in);
            return p != null && p >= pieceStart && p < k;
        }, storedAnyway[k]);
    }

    /** The cut in [from, to] (before that position) that the fewest unstored values cross; the latest of equals. */
    private int bestCut(int start, int from, int to) {
        int best = to;
        int fewest = Integer.MAX_VALUE;
        for (int at = to; at >= from; at--) {
            int crossing = 0;
            for (int k = start; k < at; k++) {
                if (!storedAnyway[k] && lastUse[k] >= at) {
                    crossing++;
                }
            }
            if (crossing < fewest) {
                fewest = crossing;
                best = at;
            }
        }
        return best;
    }
}
