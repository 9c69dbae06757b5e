package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** Checkpoints for the command line: saved models rebuilt (with the fallback from OpenCL), a run restored, a run saved. */
final class Checkpoints {
    private Checkpoints() {
    }

    /** The configuration of the training run saved in {@code c}, which must hold its data and recipe. */
    static RunConfig trainingRun(Checkpoint c, Path file) {
        RunConfig run = c.run();
        if (run.data() == null || run.training() == null) {
            throw new UserError(file + ": the checkpoint does not hold the settings of a training run "
                    + "(it was saved through the Java API)");
        }
        return run;
    }

    /**
     * The saved model of a task (an encoder-decoder for seq2seq), built for {@code spec} (the
     * saved one, perhaps on another backend), with its saved parameters, on {@code pool}.
     */
    static Learner learner(Checkpoint c, ModelSpec spec, Task task, PrintWriter err, WorkerPool pool) {
        TypedCell cell = c.cell();
        Learner model = Layers.built(spec, err, s -> task.learner(cell, s, 0, pool)).model();
        c.copyParametersInto(model.parameters());
        return model;
    }

    /** The saved language model or tagger, built for {@code spec}, with its saved parameters, on {@code pool}. */
    static Model model(Checkpoint c, ModelSpec spec, PrintWriter err, WorkerPool pool) {
        TypedCell cell = c.cell();
        Model model = Layers.built(spec, err, s -> Models.build(cell, s, 0, pool)).model();
        c.copyParametersInto(model.parameters());
        return model;
    }

    /** Copies the parameters saved in {@code file} into {@code model}'s. */
    static void loadParameters(Path file, Learner model) {
        Checkpoint.load(file).copyParametersInto(model.parameters());
    }

    /** Puts a saved run's parameters, optimizer state, carried states and step back. */
    static void restore(Checkpoint c, Path file, Trainer trainer, StepSource source) {
        try {
            c.copyParametersInto(trainer.model().parameters());
            trainer.optimizer().loadState(c.optimizerState());
            source.restore(c.carried());
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
        trainer.resumeAt(c.step());
    }

    /** Saves a run's state to one file, atomically, each time it is asked. */
    static final class Saver {
        private final Path file;
        private final String cellSource;
        private final String cellName;
        private final RunConfig config;
        private final Map<String, String> encoders;

        /** @param encoders the task's vocabularies and labels, by name */
        Saver(Path file, String cellSource, String cellName, RunConfig config, Map<String, String> encoders) {
            this.file = file;
            this.cellSource = cellSource;
            this.cellName = cellName;
            this.config = config;
            this.encoders = Map.copyOf(encoders);
        }

        /** A saver of the same run to another file (the best checkpoint beside the last). */
        Saver to(Path other) {
            return new Saver(other, cellSource, cellName, config, encoders);
        }

        void save(Trainer trainer, StepSource source) throws IOException {
            Checkpoint c = new Checkpoint(cellSource, cellName, config, trainer.steps(), trainer.model().parameters(),
                    trainer.optimizer().state(), source.carried(), encoders);
            c.save(file);
        }
    }
}
