package io.rnnc.spark;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.InvalidCheckpointException;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.compiler.source.Source;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.stdlib.Stdlib;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `rnnc train` on a Spark cluster: the same run as on one machine (cell, model, optimizer,
 * batches, seed), its global batch split over the partitions. Started by `spark-submit` (the
 * master is then Spark's to choose) or by `rnnc train --spark MASTER`.
 */
@Command(name = "train", description = "Train a model around a cell on Spark, data-parallel, and save a checkpoint.")
public final class SparkTrain implements Callable<Integer> {
    /** Exit statuses, as the rnnc command's. */
    static final int OK = 0;
    static final int USAGE = 2;
    static final int BAD_INPUT = 3;
    static final int UNAVAILABLE = 4;
    /** Set in the configuration of the context a run starts, which it then stops. */
    private static final String RUN_KEY = "spark.rnnc.run";

    @Option(names = "--master", description = "Spark's master URL (default: as spark-submit or the Spark configuration sets it).")
    String master;

    @Option(names = "--partitions", defaultValue = "0",
            description = "Partitions the data and each batch are split into (default: Spark's default parallelism).")
    int partitions;

    @Option(names = "--tree-depth", defaultValue = "2", description = "Depth of the gradients' aggregation tree (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--cell", required = true, paramLabel = "FILE[:CELL]|stdlib:NAME", description = "The cell.")
    String cell;

    @Option(names = "--data", required = true, paramLabel = "PATHS",
            description = "Files, directories or globs, comma-separated, on any file system Spark reads (hdfs://, s3a://, …); compressed ones too.")
    String data;

    @Option(names = "--task", defaultValue = "lm", description = "lm or classify (default ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--level", defaultValue = "char", description = "char or word tokens (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--header", defaultValue = "no", description = "classify: whether the first line names the columns: yes or no (default ${DEFAULT-VALUE}).")
    String header;

    @Option(names = "--split", defaultValue = "0.1", description = "The fraction held out (default ${DEFAULT-VALUE}).")
    double split;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden size H (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "1", description = "Stacked recurrent layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout on the input and between layers (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--steps", defaultValue = "64", description = "lm: steps between updates, k1 (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--bptt", defaultValue = "0", description = "lm: steps backpropagated, k2 (default: --steps).")
    int bptt;

    @Option(names = "--batch", defaultValue = "32", description = "Sequences per global batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the data (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps in all (0: --epochs decides).")
    long maxSteps;

    @Option(names = "--optimizer", defaultValue = "adam", description = "sgd, nesterov, adagrad, rmsprop, adam or adamw (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.002", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--schedule", defaultValue = "constant", description = "The learning-rate schedule, as `rnnc train` takes it (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--momentum", defaultValue = "0", description = "Momentum for sgd and nesterov (default ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip-value", defaultValue = "0", description = "Clamp gradients to ±this (0: off).")
    double clipValue;

    @Option(names = "--clip-norm", defaultValue = "5", description = "Clip the gradients' global norm (0: off; default ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--reduction", defaultValue = "mean", description = "mean or sum (default ${DEFAULT-VALUE}).")
    String reduction;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds initialisation, shuffling and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--precision", defaultValue = "f32", description = "f32 or f64 (default ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--checkpoint", defaultValue = "model.safetensors", description = "Where the driver saves (default ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--every", defaultValue = "0", description = "Also save every N steps (0: only at the end).")
    long every;

    @Option(names = "--resume", description = "Continue the run saved in --checkpoint (give the run's options again).")
    boolean resume;

    @Option(names = "--log-every", defaultValue = "0", description = "Print progress every N steps (0: ten times a run).")
    long logEvery;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

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
        CommandLine cl = new CommandLine(command).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, line, parsed) -> {
                    // Bad data is found on the executors too, and arrives wrapped in Spark's exceptions.
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        if (t instanceof DataException || t instanceof BadInput) {
                            err.println("rnnc: " + t.getMessage());
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

    /** Bad input found before Spark starts: a cell that does not check, a checkpoint that cannot be read. */
    static final class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws IOException {
        validate();
        TypedCell typed = checkedCell();
        SparkConf conf = new SparkConf().setAppName("rnnc train " + typed.name());
        if (master != null) {
            conf.setMaster(master);
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
        try {
            return train(sc, typed, run);
        } finally {
            if (sc.getConf().get(RUN_KEY, "").equals(run)) {
                sc.stop();
            }
        }
    }

    private int train(JavaSparkContext sc, TypedCell typed, String run) {
        int p = partitions > 0 ? partitions : sc.defaultParallelism();
        int k2 = bptt == 0 ? steps : bptt;
        Checkpoint saved = resume ? load() : null;
        Vocabulary.Level tokens = level.equals("word") ? Vocabulary.Level.WORD : Vocabulary.Level.CHARACTER;
        Map<String, String> encoders = new LinkedHashMap<>();
        JavaRDD<Shard> shards;
        ModelSpec spec;
        long perEpoch;
        int[] streamsOf = null;
        if (task.equals("lm")) {
            Vocabulary given = saved == null ? null : Vocabulary.fromJson(saved.encoders().get("vocabulary"), checkpoint.toString());
            TextCorpus.Read read = TextCorpus.read(sc, data, tokens, given, batch, split, p, steps, k2);
            encoders.put("vocabulary", read.vocabulary().toJson());
            shards = read.shards();
            spec = spec(read.vocabulary().size(), Model.Head.SOFTMAX, read.vocabulary().size(), null);
            perEpoch = (read.streamLength() - 1 + steps - 1) / steps;
            streamsOf = TextCorpus.partitionsOfStreams(batch, p);
            out.printf("data: %d tokens, %d trained on in %d streams of %d; %d distinct%n", read.tokens(), read.trained(),
                    batch, read.streamLength(), read.vocabulary().size());
        } else {
            Vocabulary given = saved == null ? null : Vocabulary.fromJson(saved.encoders().get("vocabulary"), checkpoint.toString());
            LabelEncoder labels = saved == null ? null : LabelEncoder.fromJson(saved.encoders().get("labels"), checkpoint.toString());
            LabelledCorpus.Read read = LabelledCorpus.read(sc, data, tokens, given, labels, header.equals("yes"), split, p,
                    batch, seed);
            encoders.put("vocabulary", read.vocabulary().toJson());
            encoders.put("labels", read.labels().toJson());
            shards = read.shards();
            spec = spec(read.vocabulary().size(), Model.Head.SOFTMAX, read.labels().size(), Pooling.LAST);
            perEpoch = (read.trained() + batch - 1) / batch;
            out.printf("data: %d examples, %d trained on; %d classes; %d distinct tokens%n", read.examples(),
                    read.trained(), read.labels().size(), read.vocabulary().size());
        }
        shards.persist(StorageLevel.MEMORY_ONLY());
        long total = maxSteps > 0 ? maxSteps : perEpoch * epochs;
        TrainingJob job = new TrainingJob(run, typed.name(), typed.source().text(),
                spec.toJson(), reduction(), seed);
        // The driver only applies updates; executors compute.
        Learner model = job.build(seed, 1);
        Trainer trainer = new Trainer(model, Optimizers.named(optimizer, weightDecay, momentum),
                LearningRates.parse(schedule, lr, total), Trainer.Settings.defaults().withReduction(reduction()).withClipValue(clipValue)
                        .withClipNorm(clipNorm).withSeed(seed));
        Map<Integer, Map<String, TensorData>> carried = Map.of();
        if (saved != null) {
            restore(saved, trainer);
            carried = streamsOf == null ? Map.of() : StreamStates.split(saved.carried(), streamsOf);
        }
        RunConfig config = new RunConfig(cell, new RunConfig.Data(task, data, level, null, header, split, null, null,
                null, 1, 1, "text"), spec, new RunConfig.Training(optimizer, lr, schedule, momentum, weightDecay,
                clipValue, clipNorm, reduction(), batch, steps, k2, seed, total, null, 0, 0));
        out.printf("training %s (%s) on %s: %d steps (%d per epoch), %d partitions on %s%n", typed.name(), task, data,
                total, perEpoch, p, sc.master());
        DataParallelTraining training = new DataParallelTraining(sc, job, shards, depth, trainer, carried);
        DataParallelTraining.Listener progress = DataParallelTraining.progress(out,
                total, logEvery > 0 ? logEvery : Math.max(1, total / 10), batch);
        training.run(total, (step, result) -> {
            progress.stepped(step, result);
            if (every > 0 && step % every == 0 && step < total) {
                save(typed, config, trainer, training, encoders);
            }
        });
        save(typed, config, trainer, training, encoders);
        out.printf("finished: step %d; checkpoint: %s%n", trainer.steps(), checkpoint);
        return OK;
    }

    private ModelSpec spec(int input, Model.Head head, int output, Pooling pooling) {
        return new ModelSpec(input, hidden, layers, false, dropout, false, 0, ModelSpec.FrontEnd.NONE, head, output,
                pooling, Backend.named("jvm"), precision.equals("f64"));
    }

    private void save(TypedCell typed, RunConfig config, Trainer trainer, DataParallelTraining training,
                      Map<String, String> encoders) {
        try {
            new Checkpoint(typed.source().text(), typed.name(), config, trainer.steps(), trainer.model().parameters(),
                    trainer.optimizer().state(), StreamStates.join(training.carried()), encoders, null).save(checkpoint);
        } catch (IOException e) {
            throw new UncheckedIOException(checkpoint + ": cannot be written: " + e.getMessage(), e);
        }
    }

    private Checkpoint load() {
        try {
            return Checkpoint.load(checkpoint);
        } catch (InvalidCheckpointException e) {
            throw new BadInput(e.getMessage());
        }
    }

    private void restore(Checkpoint saved, Trainer trainer) {
        try {
            saved.copyParametersInto(trainer.model().parameters());
        } catch (InvalidCheckpointException e) {
            throw new BadInput(e.getMessage());
        }
        trainer.optimizer().loadState(saved.optimizerState());
        trainer.resumeAt(saved.step());
        out.printf("resumed %s at step %d%n", checkpoint, saved.step());
    }

    private Reduction reduction() {
        return reduction.equals("sum") ? Reduction.SUM : Reduction.MEAN;
    }

    private void validate() {
        if (!task.equals("lm") && !task.equals("classify")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--task must be lm or classify on Spark, not `" + task + "`");
        }
        if (hidden < 1 || layers < 1 || steps < 1 || batch < 1 || epochs < 1 || maxSteps < 0 || partitions < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--hidden, --layers, --steps, --batch and --epochs must be at least 1");
        }
        if (bptt != 0 && (bptt < steps || bptt % steps != 0)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bptt must be a multiple of --steps (" + steps + "), not " + bptt);
        }
        oneOf("--level", level, "char", "word");
        oneOf("--header", header, "yes", "no");
        oneOf("--reduction", reduction, "mean", "sum");
        oneOf("--precision", precision, "f32", "f64");
        oneOf("--optimizer", optimizer, Optimizers.names().toArray(String[]::new));
        if (!(split >= 0 && split < 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--split must be in [0, 1), not " + split);
        }
    }

    private void oneOf(String option, String value, String... allowed) {
        if (!java.util.List.of(allowed).contains(value)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + " must be "
                    + String.join(" or ", allowed) + ", not `" + value + "`");
        }
    }

    /** The cell `--cell` names, checked; its diagnostics and a bad input error where it has errors. */
    private TypedCell checkedCell() throws IOException {
        String ref = cell;
        String name = null;
        Source source;
        if (Stdlib.isStdlibRef(ref)) {
            source = Stdlib.source(ref.substring(Stdlib.PREFIX.length()));
            if (source == null) {
                throw new BadInput(ref + ": no such stdlib cell; `rnnc list` names them");
            }
        } else {
            int colon = ref.lastIndexOf(':');
            if (colon > 0 && !Files.exists(Path.of(ref))) {
                name = ref.substring(colon + 1);
                ref = ref.substring(0, colon);
            }
            Path file = Path.of(ref);
            if (!Files.isRegularFile(file)) {
                throw new BadInput(ref + ": no such cell file");
            }
            source = new Source(ref, Files.readString(file, StandardCharsets.UTF_8));
        }
        Frontend.Result r = Frontend.check(source);
        if (!r.ok()) {
            throw new BadInput(DiagnosticPrinter.format(r.diagnostics().sorted()).strip());
        }
        String wanted = name;
        return r.cells().stream().filter(c -> wanted == null ? r.cells().size() == 1 : c.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new BadInput(cell + ": name one cell of the file, as FILE:CELL"));
    }

    /** The jar this class was loaded from, which executors need; empty when run from class folders. */
    private static java.util.Optional<String> ownJar() {
        try {
            Path at = Path.of(SparkTrain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(at) ? java.util.Optional.of(at.toString()) : java.util.Optional.empty();
        } catch (java.net.URISyntaxException | SecurityException e) {
            return java.util.Optional.empty();
        }
    }
}
