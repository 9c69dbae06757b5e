package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.MemoryEstimate;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.report.LineChart;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.train.EarlyStopping;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.MetricsLog;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.TextGenerator;
import io.rnnc.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc train`: builds a model around a cell, trains it on a data file with a live progress
 * bar, evaluates it on held-out data (at the end, or every `--eval-every` steps, stopping early
 * after `--patience` evaluations without improvement), and saves a checkpoint (also on Ctrl-C),
 * its metrics file and plots beside it, and on request a report; `--resume` continues a saved
 * run exactly where it stopped, to the end it was given.
 */
@Command(name = "train", description = "Train a model around a cell on a data file and save a checkpoint.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainOptions o;

    @Mixin
    ThreadsOption threads;

    /** A run about to start: the cell, its source text, and the run's configuration so far. */
    private record Start(String cellSource, TypedCell cell, RunConfig config, Task task, Checkpoint resumed) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (o.spark != null) {
            return SparkRun.train(spec.commandLine().getParseResult(), out, err);
        }
        o.validate();
        WorkerPool pool = threads.pool();
        try (CheckpointLock lock = CheckpointLock.acquire(o.checkpoint, err)) {
            return train(out, err, pool);
        }
    }

    private int train(PrintWriter out, PrintWriter err, WorkerPool pool) {
        Start start = o.resume ? resumed(Checkpoint.load(o.checkpoint), out, err) : fresh(err);
        Task task = start.task();
        PreparedRun run = PreparedRun.of(start.cell(), start.config(), task, perEpoch -> start.resumed() != null
                ? Resumption.length(start.config(), spec.commandLine().getParseResult(), o, perEpoch, out)
                : o.totalSteps(perEpoch), pool, o.skipNonFinite, err);
        RunConfig config = run.config();
        Trainer trainer = run.trainer();
        Learner model = run.model();
        long total = run.total();
        if (o.initFrom != null) {
            InitFrom.load(o.initFrom, model, config.model(), config.cell(), start.cell().name(), out);
        }
        if (start.resumed() != null) {
            Checkpoints.restore(start.resumed(), o.checkpoint, trainer, run.source());
            out.printf("resumed %s at step %d of %d%n", o.checkpoint, trainer.steps(), total);
            if (trainer.steps() >= total) {
                out.printf("the run has already reached its end (step %d of %d): nothing to train; "
                        + "--epochs or --max-steps sets a longer run%n", trainer.steps(), total);
                printEvaluation(task, task.evaluate(model, config.training().batch(), config.training().steps()), out);
                out.flush();
                return Exit.OK;
            }
        }
        out.printf("training %s (%s) on %s: %d parameters, %d steps (%d per epoch), %s backend, %s%n",
                start.cell().name(), config.data().task(), o.data, run.parameterCount(), total,
                run.source().stepsPerEpoch(), config.model().backend().name().toLowerCase(Locale.ROOT),
                config.model().float64() ? "float64" : "float32");
        out.println(task.describeData());
        out.flush();
        Checkpoints.Saver saver = new Checkpoints.Saver(o.checkpoint, start.cellSource(), start.cell().name(), config,
                task.encoders(), start.resumed() != null ? start.resumed().step() : -1);
        TrainingRun.Outcome outcome;
        Metrics result;
        EarlyStopping early;
        Path best;
        try (RunMonitor monitor = RunMonitor.open(new RunMonitor.Settings(o.checkpoint, saver, start.resumed() != null,
                trainer, run.source(), task, config.training(), total))) {
            if (start.resumed() != null && monitor.stopEarly()) {
                out.printf("the run stopped early at step %d: %d held-out evaluations without improving on step %d's; "
                        + "a larger --patience continues it%n", trainer.steps(), monitor.early().sinceBest(),
                        monitor.early().bestStep());
                out.flush();
                return Exit.OK;
            }
            TrainingRun training = new TrainingRun(trainer, run.source(), total, o.every, saver, monitor, err, false);
            outcome = training.run();
            out.printf("%s: step %d, last loss %.4f%n", switch (outcome) {
                case FINISHED -> "finished";
                case STOPPED_EARLY -> "stopped early";
                case INTERRUPTED -> "interrupted";
            }, trainer.steps(), training.lastLoss());
            if (outcome == TrainingRun.Outcome.INTERRUPTED) {
                // A stopped run ends now: evaluating a large held-out part can take minutes.
                out.printf("checkpoint: %s%n", o.checkpoint);
                out.flush();
                return Exit.INTERRUPTED;
            }
            result = monitor.finish(trainer.steps());
            early = monitor.early();
            best = monitor.bestFile();
        }
        if (best != null && early.bestStep() >= 0) {
            out.printf("best held-out loss %.6g at step %d, saved as %s%n", early.bestLoss(), early.bestStep(), best);
            if (config.training().patience() > 0 && early.bestStep() != trainer.steps()) {
                Checkpoints.loadParameters(best, model);
                result = task.evaluate(model, config.training().batch(), config.training().steps());
                out.printf("the best checkpoint is kept: the results, plots and report below are of step %d%n",
                        early.bestStep());
            }
        }
        printEvaluation(task, result, out);
        out.printf("checkpoint: %s%n", o.checkpoint);
        Map<String, LineChart> charts = charts(task, model, config);
        List<Path> written = new ArrayList<>();
        charts.forEach((name, chart) -> written.addAll(RunCharts.writeBeside(o.checkpoint, name, chart, err)));
        out.printf("metrics: %s%s%n", MetricsLog.besideCheckpoint(o.checkpoint),
                written.isEmpty() ? "" : "; plots: " + String.join(", ", written.stream().map(Path::toString).toList()));
        if (o.report != null) {
            out.printf("report: %s%n", RunReport.training(start.cell(), config, model.parameters(), task, result, charts)
                    .writeTo(o.report));
        }
        printSample(task, model, config.training().seed(), out);
        out.flush();
        return Exit.OK;
    }

    private static void printEvaluation(Task task, Metrics m, PrintWriter out) {
        out.println(m.isEmpty() ? "no held-out data to evaluate on" : "held-out " + task.describe(m));
    }

    /** The loss curves of the whole run (earlier parts too) and the task's charts of the held-out data. */
    private Map<String, LineChart> charts(Task task, Learner model, RunConfig config) {
        Map<String, LineChart> charts = new LinkedHashMap<>();
        charts.put("loss", RunCharts.loss(MetricsLog.read(MetricsLog.besideCheckpoint(o.checkpoint)),
                "training and held-out loss"));
        charts.putAll(task.charts(model, config.training().batch(), config.training().steps()));
        return charts;
    }

    /** A new run of the cell and options given. */
    private Start fresh(PrintWriter err) {
        if (o.valid != null && spec.commandLine().getParseResult().hasMatchedOption("--split")) {
            throw new UsageError("--valid holds out a file of its own, and --split a part of --data; give one of them");
        }
        TypedCell cell = CellSources.checkedCell(o.cell, err);
        RunConfig.Data data = o.data(o.data);
        Task task = Tasks.read(data, TaskInput.training(data, o.data), Map.of(), err);
        RunConfig config = new RunConfig(o.cell, data, o.modelSpec(task, cell, err), o.training(0, o.initFrom));
        return new Start(cell.source().text(), cell, config, task, null);
    }

    /** The run saved in {@code saved}, with what the command line may change of it. */
    private Start resumed(Checkpoint saved, PrintWriter out, PrintWriter err) {
        RunConfig config = Checkpoints.trainingRun(saved, o.checkpoint);
        TypedCell cell = saved.cell();
        if (o.cell != null) {
            TypedCell given = CellSources.checkedCell(o.cell, err);
            if (!given.name().equals(cell.name()) || !given.source().text().equals(saved.cellSource())) {
                throw new UsageError("--cell " + o.cell + " is not the cell of the saved run (" + cell.name()
                        + (config.cell() == null ? "" : ", from " + config.cell())
                        + "); --resume continues that run, so leave --cell out");
            }
        }
        config = Resumption.apply(config, spec.commandLine().getParseResult(), o, out);
        RunConfig.Data data = config.data();
        Task task = Tasks.read(data, TaskInput.training(data, o.data), saved.encoders(), err);
        return new Start(saved.cellSource(), cell, config, task, saved);
    }

    /** A language model ends its run with a sample of its text. */
    private void printSample(Task task, Learner model, long seed, PrintWriter out) {
        if (task instanceof LanguageModelTask lm && o.sample > 0 && model instanceof Model m) {
            out.println("--- sample (temperature " + o.temperature + ") ---");
            try {
                out.println(new TextGenerator(m, lm.vocabulary()).sample(o.prompt, o.sample, o.temperature, 0, seed));
            } catch (io.rnnc.runtime.layer.Sampler.NonFiniteLogits e) {
                out.println("(none: the model's outputs are not finite numbers, " + e.getMessage() + ")");
            }
        }
    }

    static void requireWritable(Path checkpoint) {
        Path dir = checkpoint.toAbsolutePath().getParent();
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(checkpoint + ": its folder is a file");
        }
    }
}
