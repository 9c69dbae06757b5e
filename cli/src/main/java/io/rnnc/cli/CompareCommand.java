package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.report.ChartException;
import io.rnnc.report.ChartFormat;
import io.rnnc.report.HtmlReport;
import io.rnnc.report.Inline;
import io.rnnc.report.LineChart;
import io.rnnc.report.Section;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.train.LoggedStep;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.MetricsLog;
import io.rnnc.stdlib.Stdlib;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc compare`: several cells trained on the same task, data, split and settings, each over
 * several seeds; a table of the results (printed, and in Markdown), the held-out and training
 * loss curves of every cell (mean and spread over seeds), the results as JSON, and on request a
 * report. Each run is an ordinary training run, its checkpoint and metrics file kept under the
 * output directory.
 */
@Command(name = "compare", description = "Train several cells on the same data and settings, each over several seeds, "
        + "and compare them: a table, the loss curves, the results as JSON, a report.")
final class CompareCommand implements Callable<Integer> {
    /** Held-out evaluations in a run where --eval-every does not say how many. */
    private static final int EVALUATIONS = 20;

    @Spec
    CommandSpec spec;

    // Every run is built by PreparedRun, as train's are: options of how a run computes rather than
    // what it learns (such as the thread count) sit beside this mixin and reach the runs there.
    @Mixin
    RunOptions o;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--cells", arity = "1..*", required = true, paramLabel = "CELL",
            description = "The cells to compare: .rnn files, FILE:CELL, stdlib:NAME.")
    List<String> cells;

    @Option(names = "--data", arity = "1..*", required = true, paramLabel = "FILE",
            description = "The data file; with several (the same task at several difficulties), every cell is "
                    + "compared on each, and a last table gives the task's metric per cell and file.")
    List<Path> data;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N",
            description = "Runs of each cell, seeded --seed, --seed + 1, … (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--match-params", defaultValue = "0", paramLabel = "N",
            description = "Give each cell the H at which its model has the nearest to N parameters, instead of --hidden.")
    long matchParams;

    @Option(names = "--target-loss", paramLabel = "LOSS",
            description = "Count the steps each run takes to a held-out loss at or below LOSS.")
    Double targetLoss;

    @Option(names = {"-o", "--out"}, defaultValue = "compare", paramLabel = "DIR",
            description = "Where the runs, tables, plots and results.json go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--report", paramLabel = "DIR", description = "Write an HTML report of the comparison to DIR/report.html.")
    Path report;

    /** A cell as given, how tables name it, and its checked equations. */
    private record Entry(String ref, String label, TypedCell cell) {
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WorkerPool pool = threads.pool();
        validate();
        List<Entry> entries = entries(err);
        List<Comparison.DataResult> results = new ArrayList<>();
        Map<String, String> described = new LinkedHashMap<>();
        RunConfig shared = null;
        String metric = null;
        boolean higher = true;
        Task.Baseline baseline = null;
        for (Path file : data) {
            RunConfig.Data d = o.data(file);
            Task task = Tasks.read(d, TaskInput.training(d, file), Map.of(), err);
            metric = task.metric();
            higher = task.higherIsBetter();
            baseline = task.baseline();
            String label = label(file);
            long total = o.totalSteps(task.training(o.batch, o.steps, o.bptt(), o.seed).stepsPerEpoch());
            long every = o.evalEvery > 0 ? o.evalEvery : Math.max(1, total / EVALUATIONS);
            described.put(label, task.describeData());
            stdout.printf("compare on %s (%s): %d cells × %d seeds, %d steps a run, held-out evaluation every %d steps%n",
                    file, d.task(), entries.size(), seeds, total, every);
            stdout.println(task.describeData());
            stdout.flush();
            List<Comparison.CellResult> cellResults = new ArrayList<>();
            for (Entry e : entries) {
                CellRuns runs = runCell(e, d, task, total, every, out.resolve(label).resolve(e.label()), pool, stdout, err);
                if (runs == null) {
                    return Exit.INTERRUPTED;
                }
                shared = shared == null ? runs.config() : shared;
                cellResults.add(Comparison.CellResult.of(e.label(), e.ref(), runs.hidden(), runs.parameters(), runs.runs(),
                        metric));
            }
            results.add(new Comparison.DataResult(label, file.toString(), cellResults, baselineValue(baseline, cellResults)));
        }
        Comparison comparison = new Comparison(o.task, metric, higher, targetLoss,
                baseline == null ? null : baseline.label(), results);
        Map<String, Map<String, LineChart>> charts = ComparisonCharts.of(comparison);
        List<ComparisonTable> tables = tables(comparison);
        tables.forEach(t -> stdout.print("\n" + t.aligned()));
        writeResults(comparison, tables, charts).forEach(f -> stdout.println("wrote " + f));
        if (report != null) {
            stdout.println("report: " + report(comparison, tables, charts, described, entries, shared).writeTo(report));
        }
        stdout.flush();
        return Exit.OK;
    }

    private void validate() {
        o.validate();
        if (seeds < 1) {
            throw new UsageError("--seeds must be at least 1");
        }
        if (matchParams < 0) {
            throw new UsageError("--match-params must be a number of parameters, at least 1");
        }
        if (new HashSet<>(cells).size() < cells.size()) {
            throw new UsageError("a cell is named twice: " + String.join(" ", cells));
        }
        Set<String> labels = new HashSet<>();
        for (Path file : data) {
            if (!labels.add(label(file))) {
                throw new UsageError("two data files are named " + label(file) + "; give files of different names");
            }
        }
    }

    private List<Entry> entries(PrintWriter err) {
        List<Entry> entries = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (String ref : cells) {
            String label = cellLabel(ref);
            if (!labels.add(label)) {
                throw new UsageError("two cells would be named " + label + " in the table: " + String.join(" ", cells));
            }
            entries.add(new Entry(ref, label, CellSources.checkedCell(ref, err)));
        }
        return entries;
    }

    /** How a table names a cell: the stdlib name, or the file's name without `.rnn` (and `:CELL`). */
    static String cellLabel(String ref) {
        if (Stdlib.isStdlibRef(ref)) {
            return ref.substring(Stdlib.PREFIX.length());
        }
        CellSources.Ref r = CellSources.Ref.parse(ref);
        String file = Path.of(r.file()).getFileName().toString().replaceFirst("\\.rnn$", "");
        return r.cell() == null ? file : file + ":" + r.cell();
    }

    private static String label(Path file) {
        return file.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    /** A cell's runs over the seeds, its H and parameter count, and the configuration of its first run. */
    private record CellRuns(List<Comparison.Run> runs, int hidden, long parameters, RunConfig config) {
    }

    /** Trains {@code e} once per seed on {@code pool}; null when Ctrl-C stopped a run. */
    private CellRuns runCell(Entry e, RunConfig.Data d, Task task, long total, long every, Path dir, WorkerPool pool,
                             PrintWriter stdout, PrintWriter err) throws IOException {
        int hidden = matchParams > 0 ? ParamMatch.hidden(e.cell(), task, o, matchParams) : o.hidden;
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new UnavailableError(dir + ": cannot make the directory for the runs (" + IoReason.of(ex) + ")");
        }
        List<Comparison.Run> runs = new ArrayList<>();
        long parameters = 0;
        RunConfig first = null;
        for (int k = 0; k < seeds; k++) {
            long seed = o.seed + k;
            // The sizes a cell leaves open are announced for its first run only.
            PrintWriter notices = k == 0 ? err : new PrintWriter(Writer.nullWriter());
            RunConfig config = new RunConfig(e.ref(), d, o.modelSpec(task, e.cell(), hidden, notices),
                    o.training(0, null).withSeed(seed).withEvaluation(every, o.patience));
            PreparedRun run = PreparedRun.of(e.cell(), config, task, perEpoch -> total, pool, false, notices);
            parameters = run.parameterCount();
            first = first == null ? run.config() : first;
            Path checkpoint = dir.resolve("seed" + seed + ".safetensors");
            Checkpoints.Saver saver = new Checkpoints.Saver(checkpoint, e.cell().source().text(), e.cell().name(),
                    run.config(), task.encoders(), -1);
            Comparison.Run result;
            try (CheckpointLock lock = CheckpointLock.acquire(checkpoint, err);
                 RunMonitor monitor = RunMonitor.open(new RunMonitor.Settings(checkpoint, saver, false, run.trainer(),
                    run.source(), task, run.config().training(), total))) {
                TrainingRun training = new TrainingRun(run.trainer(), run.source(), total, 0, saver, monitor, err, true);
                if (training.run() == TrainingRun.Outcome.INTERRUPTED) {
                    return null;
                }
                Metrics m = monitor.finish(run.trainer().steps());
                if (o.patience > 0 && !monitor.bestMetrics().isEmpty()) {
                    m = monitor.bestMetrics();
                }
                result = Comparison.Run.of(seed, m, run.trainer().steps(), monitor.medianStepMillis(),
                        stepsTo(monitor.metricsFile()), monitor.metricsFile().toString());
            }
            runs.add(result);
            stdout.println(runLine(e, hidden, result, task));
            stdout.flush();
        }
        return new CellRuns(runs, hidden, parameters, first);
    }

    /** The baseline's metric on the held-out data, which every run measures alike; null without one. */
    private static Double baselineValue(Task.Baseline baseline, List<Comparison.CellResult> cells) {
        if (baseline == null) {
            return null;
        }
        return cells.get(0).runs().get(0).metrics().get(baseline.metric());
    }

    /** The first step whose held-out loss was at or below the target, or null. */
    private Long stepsTo(Path metricsFile) {
        if (targetLoss == null) {
            return null;
        }
        return MetricsLog.read(metricsFile).stream()
                .filter(s -> s.get(MetricsLog.EVAL_LOSS).isPresent() && s.get(MetricsLog.EVAL_LOSS).getAsDouble() <= targetLoss)
                .map(LoggedStep::step).findFirst().orElse(null);
    }

    private String runLine(Entry e, int hidden, Comparison.Run r, Task task) {
        Map<String, Double> m = r.metrics();
        return String.format(Locale.ROOT, "  %s (H=%d) seed %d: %d steps, %.2f ms/step, held-out loss %s, %s %s%s",
                e.label(), hidden, r.seed(), r.steps(), r.msPerStep(), value(m, "loss"), task.metric(),
                value(m, task.metric()), r.stepsToTarget() == null ? ""
                        : String.format(Locale.ROOT, ", loss %s reached at step %d", RunReport.number(targetLoss),
                                r.stepsToTarget()));
    }

    private static String value(Map<String, Double> m, String name) {
        Double v = m.get(name);
        return v == null ? "-" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static List<ComparisonTable> tables(Comparison c) {
        List<ComparisonTable> tables = new ArrayList<>();
        c.data().forEach(d -> tables.add(ComparisonTable.of(c, d)));
        if (c.data().size() > 1) {
            tables.add(ComparisonTable.byData(c));
        }
        return tables;
    }

    /** Writes results.json, table.md and the charts under --out; returns the files written. */
    private List<Path> writeResults(Comparison c, List<ComparisonTable> tables, Map<String, Map<String, LineChart>> charts) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(out);
            Path json = out.resolve("results.json");
            Files.writeString(json, c.toJson(), StandardCharsets.UTF_8);
            written.add(json);
            Path md = out.resolve("table.md");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < tables.size(); i++) {
                String heading = i < c.data().size() ? c.data().get(i).file() : c.metric() + " by data file";
                text.append("## ").append(heading).append("\n\n").append(tables.get(i).markdown()).append('\n');
            }
            Files.writeString(md, text, StandardCharsets.UTF_8);
            written.add(md);
            for (var byData : charts.entrySet()) {
                Path dir = byData.getKey().isEmpty() ? out : out.resolve(byData.getKey());
                for (var chart : byData.getValue().entrySet()) {
                    if (!chart.getValue().series().isEmpty()) {
                        written.addAll(chart.getValue().write(dir.resolve(chart.getKey()), EnumSet.allOf(ChartFormat.class)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UnavailableError(out + ": cannot write the results (" + IoReason.of(e) + ")");
        } catch (ChartException e) {
            throw new UnavailableError(e.getMessage());
        }
        return written;
    }

    private RunReport report(Comparison c, List<ComparisonTable> tables, Map<String, Map<String, LineChart>> charts,
                             Map<String, String> described, List<Entry> entries, RunConfig shared) {
        HtmlReport page = new HtmlReport("rnnc compare: " + String.join(", ", entries.stream().map(Entry::label).toList()));
        RunReport r = RunReport.of(page);
        for (int i = 0; i < c.data().size(); i++) {
            Comparison.DataResult d = c.data().get(i);
            Section s = page.section("On " + d.file());
            s.paragraph(described.get(d.label()));
            table(s, tables.get(i));
            s.paragraph(String.format(Locale.ROOT, "Each value is the mean ± the standard deviation over %d seeds "
                    + "(%d to %d); ms/step is the median time of a training step.", seeds, o.seed, o.seed + seeds - 1));
            r.charts(s, charts.get(d.label()));
        }
        if (c.data().size() > 1) {
            Section s = page.section(c.metric() + " by data file");
            table(s, tables.get(tables.size() - 1));
            r.charts(s, charts.get(""));
        }
        Section settings = page.section("Settings");
        settings.paragraph("Every run has these settings but its cell, its H (model.hidden) and its seed.");
        RunReport.settings(settings, new RunConfig(String.join(" ", cells), shared.data(), shared.model(), shared.training()));
        for (Entry e : entries) {
            CellReport.add(page, e.cell());
        }
        entries.stream().map(e -> e.cell().source()).distinct().forEach(src -> CellReport.addSource(page, src));
        return r;
    }

    private static void table(Section s, ComparisonTable t) {
        s.table(t.header(), t.rows().stream().map(row -> row.stream().map(Inline::text).toList()).toList());
    }
}
