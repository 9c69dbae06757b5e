package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.optim.LearningRate;
import io.rnnc.runtime.optim.Optimizer;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.TextGenerator;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * `rnnc train`: builds a model around a cell, trains it on a data file with a live progress
 * bar, evaluates it on held-out data, and saves a checkpoint (also on Ctrl-C); `--resume`
 * continues a saved run exactly where it stopped.
 */
@Command(name = "train", description = "Train a model around a cell on a data file and save a checkpoint.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TrainOptions o;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        o.validate();
        WorkerPool pool = threads.pool();
        Checkpoint resumed = o.resume ? Checkpoints.read(o.checkpoint) : null;
        if (resumed != null) {
            o.adopt(resumed.settings(), o.checkpoint);
        }
        String cellSource = resumed != null ? resumed.cellSource() : CellSources.load(o.cell).text();
        TypedCell cell = resumed != null ? Checkpoints.cell(resumed, o.checkpoint)
                : CellSources.checkedCell(o.cell, err);
        Task task = Tasks.of(o.task, o.data, o.level, o.target, resumed == null ? Map.of() : resumed.settings());
        ModelSpec modelSpec = resumed != null ? resumed.spec() : o.modelSpec(task);
        Learner model = Layers.built(modelSpec, err, s -> task.learner(cell, s, o.seed, pool));
        Optimizer optimizer = Options.optimizer(o.optimizer, o.weightDecay, o.momentum);
        StepSource source = task.training(o.batch, o.steps, o.bptt(), o.seed);
        long total = o.totalSteps(source.stepsPerEpoch());
        LearningRate rate = Options.schedule(o.schedule, o.lr, total);
        Trainer trainer = new Trainer(model, optimizer, rate,
                new Trainer.Settings(o.reduction(), o.clipValue, o.clipNorm, o.seed));
        if (resumed != null) {
            Checkpoints.restore(resumed, o.checkpoint, trainer, source);
            out.printf("resumed %s at step %d of %d%n", o.checkpoint, trainer.steps(), total);
        }
        out.printf("training %s (%s) on %s: %d parameters, %d steps (%d per epoch), %s backend, %s%n", cell.name(),
                o.task, o.data, parameterCount(model), total, source.stepsPerEpoch(), modelSpec.backend().name().toLowerCase(),
                modelSpec.float64() ? "float64" : "float32");
        out.flush();
        Map<String, String> settings = new LinkedHashMap<>(task.settings());
        settings.putAll(o.settings());
        if (resumed != null && resumed.settings().containsKey(Checkpoints.CELL_REF)) {
            settings.put(Checkpoints.CELL_REF, resumed.settings().get(Checkpoints.CELL_REF));
        }
        Checkpoints.Saver saver = new Checkpoints.Saver(o.checkpoint, cellSource, cell.name(), modelSpec, settings,
                o.cell);
        TrainingRun run = new TrainingRun(trainer, source, total, o.every, saver, err);
        boolean finished = run.run();
        out.printf("%s: step %d, last loss %.4f%n", finished ? "finished" : "interrupted", trainer.steps(), run.lastLoss());
        out.println(task.evaluate(model, o.batch, o.steps));
        out.printf("checkpoint: %s%n", o.checkpoint);
        if (finished) {
            printSample(task, model, out);
        }
        out.flush();
        return finished ? Exit.OK : Exit.INTERRUPTED;
    }

    /** A language model ends its run with a sample of its text. */
    private void printSample(Task task, Learner model, PrintWriter out) {
        if (task instanceof LanguageModelTask lm && o.sample > 0 && model instanceof Model m) {
            out.println("--- sample (temperature " + o.temperature + ") ---");
            out.println(new TextGenerator(m, lm.vocabulary()).sample(o.prompt, o.sample, o.temperature, 0, o.seed));
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
