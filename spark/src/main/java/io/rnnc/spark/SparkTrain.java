package io.rnnc.spark;

import io.rnnc.cli.CellSources;
import io.rnnc.cli.Checkpoints;
import io.rnnc.cli.ErrorMessages;
import io.rnnc.cli.Options;
import io.rnnc.cli.RunCharts;
import io.rnnc.cli.RunMonitor;
import io.rnnc.cli.Task;
import io.rnnc.cli.TaskInput;
import io.rnnc.cli.Tasks;
import io.rnnc.cli.ThreadsOption;
import io.rnnc.cli.TrainOptions;
import io.rnnc.cli.UsageError;
import io.rnnc.cli.UserError;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.InvalidCheckpointException;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.report.LineChart;
import io.rnnc.runtime.RnncException;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.MetricsLog;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `rnnc train` on a Spark cluster: the same run as on one machine (cell, model, optimizer,
 * batches, seed), its global batch split over the partitions. It takes `rnnc train`'s own
 * options (the same declarations), refuses those Spark cannot honour, and adds Spark's. Started
 * by `spark-submit` (the master is then Spark's to choose) or by `rnnc train --spark MASTER`.
 */
@Command(name = "train", mixinStandardHelpOptions = true, version = "rnnc 0.1.0",
        description = "Train a model around a cell on Spark, data-parallel, and save a checkpoint.")
public final class SparkTrain implements Callable<Integer> {
    /** Exit statuses, as the rnnc command's. */
    static final int OK = 0;
    static final int USAGE = 2;
    static final int BAD_INPUT = 3;
    static final int UNAVAILABLE = 4;
    /** Set in the configuration of the context a run starts, which it then stops. */
    private static final String RUN_KEY = "spark.rnnc.run";

    @Mixin
    TrainOptions o;

    /** Declared as `rnnc train` declares it, to be refused by name rather than unknown. */
    @Mixin
    ThreadsOption threads;

    @Option(names = "--tree-depth", defaultValue = "2", description = "Depth of the gradients' aggregation tree (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--log-every", defaultValue = "0", description = "Print progress every N steps (0: ten times a run).")
    long logEvery;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;

    /** The command's entry point under spark-submit. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command; what `rnnc train --spark MASTER` calls.
     *
     * @return the exit status: 0, 2 for a usage error, 3 for bad input, 4 for a checkpoint that cannot be written
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        SparkTrain command = new SparkTrain();
        command.out = out;
        command.err = err;
        CommandLine cl = new CommandLine(command).setOut(out).setErr(err)
                .setParameterExceptionHandler((e, given) -> {
                    err.println("rnnc: " + e.getMessage());
                    return USAGE;
                })
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    // Bad data is found on the executors too, and arrives wrapped in Spark's exceptions.
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        if (t instanceof UserError u) {
                            err.println("rnnc: " + u.getMessage());
                            return u.status();
                        }
                        if (t instanceof RnncException r) {
                            err.println("rnnc: " + ErrorMessages.of(r));
                            return BAD_INPUT;
                        }
                        if (t instanceof UncheckedIOException) {
                            err.println("rnnc: " + t.getMessage());
                            return UNAVAILABLE;
                        }
                    }
                    throw e;
                });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        SparkOptions.refuseWhatSparkCannotDo(given);
        o.validate();
        if (given.hasMatchedOption("--valid") && given.hasMatchedOption("--split")) {
            throw new UsageError("--valid holds out a file of its own, and --split a part of --data; give one of them");
        }
        RunConfig.Training recipe = o.training(0, null);
        // Checked before Spark starts and reads the data.
        Options.optimizer(recipe.optimizer(), recipe.weightDecay(), recipe.momentum());
        Checkpoint saved = o.resume() ? load() : null;
        TypedCell typed = o.cell() != null ? CellSources.checkedCell(o.cell(), err) : saved.cell();
        SparkConf conf = new SparkConf().setAppName("rnnc train " + typed.name());
        if (o.spark() != null) {
            conf.setMaster(o.spark());
        }
        ownJar().ifPresent(jar -> {
            if (!conf.contains("spark.jars")) {
                conf.setJars(new String[] {jar});
            }
        });
        // The generated kernels use the JDK's incubating Vector API.
        conf.set("spark.executor.extraJavaOptions",
                (conf.get("spark.executor.extraJavaOptions", "") + " --add-modules=jdk.incubator.vector").strip());
        // A context already running in this JVM (a notebook's, a test's) is used and left running.
        String run = UUID.randomUUID().toString();
        conf.set(RUN_KEY, run);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkContext.getOrCreate(conf));
        Path heldOut = null;
        try {
            Corpus corpus = read(sc, saved);
            heldOut = corpus.heldOut() == null ? null : written(corpus.heldOut());
            return train(sc, typed, saved, corpus, heldOut, run);
        } finally {
            if (heldOut != null) {
                Files.deleteIfExists(heldOut);
            }
            if (sc.getConf().get(RUN_KEY, "").equals(run)) {
                sc.stop();
            }
        }
    }

    /** The task's data, read with Spark and dealt out to the partitions. */
    private Corpus read(JavaSparkContext sc, Checkpoint saved) {
        RunConfig.Data data = data();
        RunConfig.Training recipe = o.training(0, null);
        Map<String, String> encoders = saved == null ? Map.of() : saved.encoders();
        int p = partitions(sc);
        Corpus corpus = switch (data.task()) {
            case "lm" -> TextCorpus.read(sc, data, encoders, recipe.batch(), p, recipe.steps(), recipe.bptt());
            case "classify" -> PairCorpus.read(sc, data, PairCorpus.Kind.CLASSIFY, encoders, p, recipe.batch(),
                    recipe.seed(), err);
            case "value" -> PairCorpus.read(sc, data, PairCorpus.Kind.VALUE, encoders, p, recipe.batch(),
                    recipe.seed(), err);
            case "seq2seq" -> PairCorpus.read(sc, data, PairCorpus.Kind.SEQ2SEQ, encoders, p, recipe.batch(),
                    recipe.seed(), err);
            case "regress" -> SeriesCorpus.read(sc, data, encoders, p, recipe.batch(), recipe.steps(), recipe.seed());
            default -> throw new UsageError("--task must be one of " + String.join(", ", SparkOptions.TASKS) + " on "
                    + "Spark, not `" + data.task() + "`");
        };
        corpus.shards().persist(StorageLevel.MEMORY_ONLY());
        out.println(corpus.summary());
        return corpus;
    }

    private int train(JavaSparkContext sc, TypedCell typed, Checkpoint saved, Corpus corpus, Path heldOut,
                      String run) {
        RunConfig.Data data = data();
        Task task = Tasks.read(data, new TaskInput(null, heldOut == null ? null : TaskInput.Text.read(heldOut), 0,
                corpus.heldOutHeader(), TaskInput.Inputs.named(data.inputs()), TaskInput.level(data.level())),
                corpus.encoders(), err);
        ModelSpec model = o.modelSpec(task, typed, err);
        long total = o.totalSteps(corpus.stepsPerEpoch());
        RunConfig.Training recipe = o.training(total, null);
        RunConfig config = new RunConfig(o.cell(), data, model, recipe);
        TrainingJob job = new TrainingJob(run, typed.name(), typed.source().text(), model.toJson(), recipe.reduction(),
                recipe.seed(), corpus.sourceSize());
        // The driver only applies updates; executors compute.
        Trainer trainer = new Trainer(job.build(recipe.seed(), 1), Options.optimizer(recipe.optimizer(),
                recipe.weightDecay(), recipe.momentum()), Options.schedule(recipe.schedule(), recipe.lr(), total),
                recipe.trainerSettings().withSkipNonFinite(o.skipNonFinite()));
        Map<Integer, Map<String, TensorData>> carried = Map.of();
        if (saved != null) {
            restore(saved, trainer);
            carried = data.task().equals("lm")
                    ? StreamStates.split(saved.carried(), TextCorpus.partitionsOfStreams(recipe.batch(), partitions(sc)))
                    : Map.of();
        }
        out.printf("training %s (%s) on %s: %d steps (%d per epoch), %d partitions on %s%n", typed.name(), data.task(),
                data.file(), total, corpus.stepsPerEpoch(), corpus.shards().getNumPartitions(), sc.master());
        DataParallelTraining training = new DataParallelTraining(sc, job, corpus.shards(), depth, trainer, carried);
        StepSource view = training.view(corpus.stepsPerEpoch());
        Checkpoints.Saver saver = new Checkpoints.Saver(o.checkpoint(), typed.source().text(), typed.name(), config,
                corpus.encoders(), saved != null ? saved.step() : -1);
        TrainingLoop.Listener progress = DataParallelTraining.progress(out, total,
                logEvery > 0 ? logEvery : Math.max(1, total / 10), recipe.batch());
        Metrics result;
        try (RunMonitor monitor = RunMonitor.open(new RunMonitor.Settings(o.checkpoint(), saver, saved != null,
                trainer, view, task, recipe, total))) {
            TrainingLoop.Listener record = monitor.listener();
            boolean finished = training.run(total, (step, r, sequences) -> {
                record.stepped(step, r, sequences);
                progress.stepped(step, r, sequences);
                if (o.every() > 0 && step % o.every() == 0 && step < total) {
                    saver.save(trainer, view);
                }
            }, monitor::stopEarly);
            saver.save(trainer, view);
            out.printf("%s: step %d; checkpoint: %s%n", finished ? "finished" : "stopped early", trainer.steps(),
                    o.checkpoint());
            result = monitor.finish(trainer.steps());
            long bestStep = monitor.early().bestStep();
            if (monitor.bestFile() != null && bestStep >= 0) {
                out.printf("best held-out loss %.6g at step %d, saved as %s%n", monitor.early().bestLoss(), bestStep,
                        monitor.bestFile());
                if (recipe.patience() > 0 && bestStep != trainer.steps()) {
                    // As one machine: early stopping keeps the best step, which the results and plots below are of.
                    Checkpoints.loadParameters(monitor.bestFile(), trainer.model());
                    result = task.evaluate(trainer.model(), recipe.batch(), recipe.steps());
                    out.printf("the best checkpoint is kept: the results and plots below are of step %d%n", bestStep);
                }
            }
        }
        out.println(result.isEmpty() ? "no held-out data to evaluate on" : "held-out " + task.describe(result));
        writeCharts(task, trainer.model(), recipe);
        out.flush();
        return OK;
    }

    /** The loss curves and the task's charts of the held-out data, beside the checkpoint, as `rnnc train` writes them. */
    private void writeCharts(Task task, Learner model, RunConfig.Training recipe) {
        Map<String, LineChart> charts = new LinkedHashMap<>();
        charts.put("loss", RunCharts.loss(MetricsLog.read(MetricsLog.besideCheckpoint(o.checkpoint())),
                "training and held-out loss"));
        charts.putAll(task.charts(model, recipe.batch(), recipe.steps()));
        List<Path> written = new ArrayList<>();
        charts.forEach((name, chart) -> written.addAll(RunCharts.writeBeside(o.checkpoint(), name, chart, err)));
        out.printf("metrics: %s%s%n", MetricsLog.besideCheckpoint(o.checkpoint()),
                written.isEmpty() ? "" : "; plots: " + String.join(", ", written.stream().map(Path::toString).toList()));
    }

    /**
     * The data settings: the files as given (paths, globs and URLs a {@link Path} would not keep),
     * held out as --split or --valid says.
     */
    private RunConfig.Data data() {
        return o.data(given("--data"), given("--valid"));
    }

    /** The last value given to {@code option} as it was written, or null. */
    private String given(String option) {
        OptionSpec matched = spec.commandLine().getParseResult().matchedOption(option);
        return matched == null ? null : matched.originalStringValues().get(matched.originalStringValues().size() - 1);
    }

    private int partitions(JavaSparkContext sc) {
        return o.partitions() != null ? o.partitions() : sc.defaultParallelism();
    }

    /** The held-out part in a file of the driver's, which the task evaluates on as one machine does. */
    private static Path written(String heldOut) throws IOException {
        Path file = Files.createTempFile("rnnc-held-out", ".data");
        Files.writeString(file, heldOut);
        return file;
    }

    private Checkpoint load() {
        try {
            return Checkpoint.load(o.checkpoint());
        } catch (InvalidCheckpointException e) {
            throw new UserError(e.getMessage());
        }
    }

    private void restore(Checkpoint saved, Trainer trainer) {
        try {
            saved.copyParametersInto(trainer.model().parameters());
        } catch (InvalidCheckpointException e) {
            throw new UserError(e.getMessage());
        }
        trainer.optimizer().loadState(saved.optimizerState());
        trainer.resumeAt(saved.step());
        out.printf("resumed %s at step %d%n", o.checkpoint(), saved.step());
    }

    /** The jar this class was loaded from, which executors need; empty when run from class folders. */
    private static Optional<String> ownJar() {
        try {
            Path at = Path.of(SparkTrain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(at) ? Optional.of(at.toString()) : Optional.empty();
        } catch (java.net.URISyntaxException | SecurityException e) {
            return Optional.empty();
        }
    }
}
