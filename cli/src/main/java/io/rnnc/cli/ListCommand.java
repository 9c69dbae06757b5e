package io.rnnc.cli;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.stdlib.CellHeader;
import io.rnnc.stdlib.Stdlib;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `rnnc list`: the stdlib's cells, what each is, where it comes from, its states and size. */
@Command(name = "list", description = {"List the stdlib cells: name, states, parameters at H = X = 128 (size parameters "
        + "128 too), source and what each is.", "`rnnc show stdlib:NAME` prints a cell's header and equations."})
final class ListCommand implements Callable<Integer> {
    /** The size every count is taken at. */
    private static final int SIZE = 128;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"cell", "states", "parameters", "source", "description"});
        for (String name : Stdlib.names()) {
            TypedCell cell = Stdlib.cell(name);
            CellHeader header = CellHeader.of(Stdlib.source(name));
            rows.add(new String[] {Stdlib.PREFIX + name, states(cell), Long.toString(parameterCount(cell)),
                header.citation(), header.description()});
        }
        print(spec.commandLine().getOut(), rows);
        return Exit.OK;
    }

    /** `c, h`, with a state's size where it is not H: `c, h[P]`. */
    private static String states(TypedCell cell) {
        List<String> out = new ArrayList<>();
        for (TypedCell.State s : cell.states()) {
            out.add(s.size().equals(Size.var(TypedCell.HIDDEN)) ? s.name() : s.name() + "[" + s.size() + "]");
        }
        return String.join(", ", out);
    }

    /** The number of learned values at H = X = every size parameter = {@link #SIZE}. */
    private static long parameterCount(TypedCell cell) {
        Map<String, Integer> sizes = cell.sizes(SIZE, SIZE, Map.of(), SIZE);
        long count = 0;
        for (TypedCell.Param p : cell.params()) {
            long rows = p.rows() == null ? 1 : p.rows().evaluate(sizes);
            count += p.cols() == null ? rows : rows * p.cols().evaluate(sizes);
        }
        return count;
    }

    /** The columns a terminal gives {@code s}: its characters, less the accents combined with them (s̄). */
    private static int columns(String s) {
        return (int) s.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).count();
    }

    /** Columns padded to their widest entry, numbers right-aligned; the last column as it is. */
    private static void print(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int c = 0; c < columns - 1; c++) {
                width[c] = Math.max(width[c], columns(r[c]));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns - 1; c++) {
                String pad = " ".repeat(width[c] - columns(r[c]));
                line.append(c == 2 ? pad + r[c] : r[c] + pad).append("  ");
            }
            out.println(line.append(r[columns - 1]));
        }
        out.flush();
    }
}
