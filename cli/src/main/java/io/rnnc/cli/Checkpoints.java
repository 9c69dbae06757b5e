package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.tensor.Tensors;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Checkpoints for the command line: saved models rebuilt (with the fallback from OpenCL), a run restored, a run saved. */
public final class Checkpoints {
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
     * The vocabulary (as JSON) of a language model's checkpoint; for another task's, a user
     * error: the file, {@code notOne}, and the task it was trained for.
     */
    static String vocabulary(Checkpoint c, Path file, String notOne) {
        String json = c.encoders().get(LanguageModelTask.VOCABULARY);
        String task = c.run().data() == null ? "lm" : c.run().data().task();
        if (!"lm".equals(task) || json == null) {
            throw new UserError(file + ": " + notOne + " (trained with --task " + task + ")");
        }
        return json;
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

    /** The sentence for a saved model whose outputs are not numbers. */
    static UserError nonFiniteOutputs(Path file, Sampler.NonFiniteLogits e) {
        return new UserError(file + ": the model's outputs are not finite numbers (" + e.getMessage() + "): its "
                + "parameters are too large for its arithmetic, or damaged; use an earlier checkpoint");
    }

    /** Copies the parameters saved in {@code file} into {@code model}'s. */
    public static void loadParameters(Path file, Learner model) {
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

    /**
     * Saves a run's state to one file, atomically, each time it is asked: a failed write leaves
     * the checkpoint that was there as it was, and parameters that are not finite are never saved.
     */
    public static final class Saver {
        /** Writes a checkpoint; a seam for tests of failed writes. */
        interface Writer {
            void write(Checkpoint checkpoint, Path file) throws IOException;
        }

        private final Path file;
        private final String cellSource;
        private final String cellName;
        private final RunConfig config;
        private final Map<String, String> encoders;
        private final Writer writer;
        private long savedStep;

        /**
         * @param encoders the task's vocabularies and labels, by name
         * @param onDisk the step of the checkpoint already at {@code file} that this run continues, or −1
         */
        public Saver(Path file, String cellSource, String cellName, RunConfig config, Map<String, String> encoders,
                     long onDisk) {
            this(file, cellSource, cellName, config, encoders, onDisk, Checkpoint::save);
        }

        Saver(Path file, String cellSource, String cellName, RunConfig config, Map<String, String> encoders,
              long onDisk, Writer writer) {
            this.file = file;
            this.cellSource = cellSource;
            this.cellName = cellName;
            this.config = config;
            this.encoders = Map.copyOf(encoders);
            this.writer = writer;
            this.savedStep = onDisk;
        }

        /** A saver of the same run to another file (the best checkpoint beside the last). */
        Saver to(Path other) {
            return new Saver(other, cellSource, cellName, config, encoders, -1, writer);
        }

        Path file() {
            return file;
        }

        /** The step of the last checkpoint written to {@link #file()} by or for this run, or −1. */
        long savedStep() {
            return savedStep;
        }

        /**
         * Saves the run now.
         *
         * @throws UnavailableError when the file cannot be written, saying that the previous one is intact
         * @throws IllegalStateException when a parameter is not finite (training stops before that)
         */
        public void save(Trainer trainer, StepSource source) {
            trainer.model().parameters().forEach((name, t) -> {
                if (Tensors.firstNonFinite(t.data()) >= 0) {
                    throw new IllegalStateException("parameter " + name + " is not finite; not saving it over "
                            + file);
                }
            });
            Checkpoint c = new Checkpoint(cellSource, cellName, config, trainer.steps(), trainer.model().parameters(),
                    trainer.optimizer().state(), source.carried(), encoders);
            try {
                writer.write(c, file);
            } catch (IOException e) {
                throw new UnavailableError("cannot write the checkpoint " + file + " (" + IoReason.of(e) + "); "
                        + (savedStep >= 0 ? "the one saved before, of step " + savedStep + ", is intact: make room, "
                        + "then continue from it with --resume"
                        : "nothing was written" + (Files.exists(file) ? " over the file already there" : "")
                        + ": make room, or give another --checkpoint"));
            }
            savedStep = trainer.steps();
        }
    }
}
