package io.rnnc.runtime.export;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.TextFiles;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.predict.Predictor;
import io.rnnc.runtime.predict.Predictors;
import io.rnnc.runtime.step.ModelStepper;
import io.rnnc.runtime.step.Steppable;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.TextGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A model exported by {@code rnnc export}, loaded from the jar it runs in: the Java entry point
 * of an exported model. Needs only the runtime: the plan of each recurrent layer's step, the
 * generated kernels and the parameters are in the jar.
 *
 * <p>A language model ({@link #task()} {@code lm}) generates text:
 * <pre>{@code
 * ExportedModel model = ExportedModel.open();
 * String text = model.generate("And God said", new TextGenerator.Options(200, 0.7, 0, 1, 1, List.of()));
 * }</pre>
 * Any other model answers for each input of a file, as {@code rnnc predict} prints it for the
 * same checkpoint and file ({@code classify}: the class and each class's probability;
 * {@code tag}: a tag per token; {@code value}: the value; {@code regress}: each row's forecast;
 * {@code seq2seq}: the greedy decoding):
 * <pre>{@code
 * model.predict(Path.of("reviews.txt"), new PrintWriter(System.out, true), new PrintWriter(System.err, true));
 * }</pre>
 * For other uses, {@link #learner()} is the model itself, a runtime {@link Model} (or an
 * {@link io.rnnc.runtime.train.EncoderDecoder} for {@code seq2seq}) that runs forward passes.
 */
public final class ExportedModel implements Steppable {
    private final ModelFile file;
    private final Learner learner;

    private ExportedModel(ModelFile file, Learner learner) {
        this.file = file;
        this.learner = learner;
    }

    /**
     * The model of the jar this class was loaded from.
     *
     * @throws DataException when the jar holds no model or a damaged one
     */
    public static ExportedModel open() {
        // The native BLAS takes longest to load: it loads beside the model, until the first layer needs it.
        Thread blas = new Thread(() -> {
            Blas.get();
            StartupClock.mark("BLAS loaded");
        }, "rnnc BLAS loader");
        blas.setDaemon(true);
        blas.start();
        ClassLoader loader = ExportedModel.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(ModelFile.RESOURCE)) {
            if (in == null) {
                throw new DataException("this jar holds no exported model (" + ModelFile.RESOURCE + " is missing)");
            }
            ModelBinary.Contents contents = ModelBinary.read(ModelFile.RESOURCE, new ByteArrayInputStream(in.readAllBytes()));
            StartupClock.mark("model file read");
            // One thread: the results do not depend on it, and a prediction starts without waiting for others.
            Learner learner = new ExportedLayers(contents.tensors(), new WorkerPool(1)).learner(contents.file());
            return new ExportedModel(contents.file(), learner);
        } catch (IOException e) {
            throw new DataException(ModelFile.RESOURCE + ": cannot be read (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(ModelFile.RESOURCE + ": not a model this runtime can read (" + e.getMessage() + ")");
        }
    }

    /** What the model does, as {@code rnnc train --task} names it: {@code lm}, {@code classify}, {@code tag}, {@code value}, {@code regress}, {@code seq2seq}. */
    public String task() {
        return file.task();
    }

    /** The model: a {@link Model}, or for {@code seq2seq} an {@link io.rnnc.runtime.train.EncoderDecoder}. */
    public Learner learner() {
        return learner;
    }

    /**
     * The tokens a language model reads and predicts.
     *
     * @throws IllegalStateException for a model of another task
     */
    public Vocabulary vocabulary() {
        String json = "lm".equals(task()) ? file.encoders().get("vocabulary") : null;
        if (json == null) {
            throw new IllegalStateException("a model of task " + task() + " generates no text");
        }
        return Vocabulary.fromJson(json, ModelFile.RESOURCE);
    }

    @Override
    public int inputSize() {
        return model().inputSize();
    }

    @Override
    public int outputSize() {
        return model().outputSize();
    }

    /**
     * The model stepped for {@code batch} sequences.
     *
     * @throws IllegalStateException for a model that answers once per sequence, reads it both
     *     ways, or first encodes a source ({@code seq2seq})
     */
    @Override
    public ModelStepper stepper(int batch) {
        return model().stepper(batch);
    }

    private Model model() {
        if (!(learner instanceof Model m)) {
            throw new IllegalStateException("a " + task() + " model steps only after encoding a source");
        }
        return m;
    }

    /**
     * The prompt followed by the text the model generates after it, as {@code rnnc sample} generates it.
     *
     * @throws DataException when the prompt holds a token the vocabulary lacks
     * @throws IllegalStateException for a model of another task than {@code lm}
     */
    public String generate(String prompt, TextGenerator.Options options) {
        return new TextGenerator(this, vocabulary()).sample(prompt, options);
    }

    /**
     * Prints what the model answers for each input of a file, as {@code rnnc predict} prints it:
     * a header line, then a line per input.
     *
     * @param name the file's name, for errors
     * @param text the file's text: an input a line, or lines in the training data's format
     * @param err where a header line detected in the file is announced
     * @throws DataException when an input cannot be read as the training data was
     * @throws IllegalStateException for a language model, which generates text instead
     */
    public void predict(String name, String text, PrintWriter out, PrintWriter err) {
        predictor().predict(name, text, file.batch(), out, err);
        out.flush();
    }

    /**
     * The same for a file on disk.
     *
     * @throws DataException when the file cannot be read, or an input as the training data was
     */
    public void predict(Path file, PrintWriter out, PrintWriter err) {
        predict(file.toString(), TextFiles.read(file), out, err);
    }

    private Predictor predictor() {
        if (!Predictors.TASKS.contains(task())) {
            throw new IllegalStateException("a model of task " + task() + " answers no file of inputs");
        }
        return Predictors.of(task(), learner, file.encoders(), file.header(), file.steps(), file.horizon());
    }
}
