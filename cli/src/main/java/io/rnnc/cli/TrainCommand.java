package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.MemoryEstimate;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.optim.LearningRate;
import io.rnnc.runtime.optim.Optimizer;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.TextGenerator;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc train`: builds a model around a cell, trains it on a data file with a live progress
 * bar, evaluates it on held-out data, and saves a checkpoint (also on Ctrl-C); `--resume`
 * continues a saved run exactly where it stopped, to the end it was given.
 */
@Command(name = "train", description = "Train a model around a cell on a data file and save a checkpoint.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainOptions o;

    /** A run about to start: the cell, its source text, and the run's configuration so far. */
    private record Start(String cellSource, TypedCell cell, RunConfig config, Task task, Checkpoint resumed) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        o.validate();
        try (CheckpointLock lock = CheckpointLock.acquire(o.checkpoint, err)) {
            return train(out, err);
        }
    }

    private int train(PrintWriter out, PrintWriter err) {
        Start start = o.resume ? resumed(Checkpoints.read(o.checkpoint), out, err) : fresh(err);
        Task task = start.task();
        RunConfig config = start.config();
        RunConfig.Training recipe = config.training();
        MemoryEstimate.of(start.cell(), config.model()).requireTraining(config.model(), recipe.bptt(), recipe.batch());
        Layers.Built<Learner> built = Layers.built(config.model(), err, s -> task.learner(start.cell(), s, recipe.seed()));
        Learner model = built.model();
        // The backend that runs is the one printed and saved, also where OpenCL fell back to the JVM.
        config = config.withModel(built.spec());
        Optimizer optimizer = Options.optimizer(recipe.optimizer(), recipe.weightDecay(), recipe.momentum());
        StepSource source = task.training(recipe.batch(), recipe.steps(), recipe.bptt(), recipe.seed());
        long total = start.resumed() != null
                ? Resumption.length(config, spec.commandLine().getParseResult(), o, source.stepsPerEpoch(), out)
                : o.totalSteps(source.stepsPerEpoch());
        config = config.withTraining(recipe.withTotalSteps(total));
        LearningRate rate = Options.schedule(recipe.schedule(), recipe.lr(), total);
        Trainer trainer = new Trainer(model, optimizer, rate, recipe.trainerSettings().skippingNonFinite(o.skipNonFinite));
        if (o.initFrom != null) {
            InitFrom.load(o.initFrom, model, config.model(), config.cell(), start.cell().name(), out);
        }
        if (start.resumed() != null) {
            Checkpoints.restore(start.resumed(), o.checkpoint, trainer, source);
            out.printf("resumed %s at step %d of %d%n", o.checkpoint, trainer.steps(), total);
            if (trainer.steps() >= total) {
                out.printf("the run has already reached its end (step %d of %d): nothing to train; "
                        + "--epochs or --max-steps sets a longer run%n", trainer.steps(), total);
                printEvaluation(task, model, recipe, out);
                out.flush();
                return Exit.OK;
            }
        }
        out.printf("training %s (%s) on %s: %d parameters, %d steps (%d per epoch), %s backend, %s%n",
                start.cell().name(), config.data().task(), o.data, parameterCount(model), total,
                source.stepsPerEpoch(), config.model().backend().name().toLowerCase(java.util.Locale.ROOT),
                config.model().float64() ? "float64" : "float32");
        out.println(task.describeData());
        out.flush();
        Checkpoints.Saver saver = new Checkpoints.Saver(o.checkpoint, start.cellSource(), start.cell().name(), config,
                task.encoders(), start.resumed() != null ? start.resumed().step() : -1);
        TrainingRun run = new TrainingRun(trainer, source, total, o.every, saver, err);
        boolean finished = run.run();
        out.printf("%s: step %d, last loss %.4f%n", finished ? "finished" : "interrupted", trainer.steps(), run.lastLoss());
        // A stopped run ends now: evaluating a large held-out part can take minutes.
        if (finished) {
            printEvaluation(task, model, recipe, out);
        }
        out.printf("checkpoint: %s%n", o.checkpoint);
        if (finished) {
            printSample(task, model, recipe.seed(), out);
        }
        out.flush();
        return finished ? Exit.OK : Exit.INTERRUPTED;
    }

    private static void printEvaluation(Task task, Learner model, RunConfig.Training recipe, PrintWriter out) {
        Metrics m = task.evaluate(model, recipe.batch(), recipe.steps());
        out.println(m.isEmpty() ? "no held-out data to evaluate on" : "held-out " + task.describe(m));
    }

    /** A new run of the cell and options given. */
    private Start fresh(PrintWriter err) {
        if (o.valid != null && spec.commandLine().getParseResult().hasMatchedOption("--split")) {
            throw new UsageError("--valid holds out a file of its own, and --split a part of --data; give one of them");
        }
        TypedCell cell = CellSources.checkedCell(o.cell, err);
        RunConfig.Data data = o.data();
        Task task = Tasks.read(data, TaskInput.training(data, o.data), Map.of(), err);
        RunConfig config = new RunConfig(o.cell, data, o.modelSpec(task, cell, err), o.training(0));
        return new Start(cell.source().text(), cell, config, task, null);
    }

    /** The run saved in {@code saved}, with what the command line may change of it. */
    private Start resumed(Checkpoint saved, PrintWriter out, PrintWriter err) {
        RunConfig config = Checkpoints.trainingRun(saved, o.checkpoint);
        TypedCell cell = Checkpoints.cell(saved, o.checkpoint);
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

    private static long parameterCount(Learner model) {
        return model.parameters().values().stream().mapToLong(t -> t.size()).sum();
    }

    static void requireWritable(Path checkpoint) {
        Path dir = checkpoint.toAbsolutePath().getParent();
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(checkpoint + ": its folder is a file");
        }
    }
}
