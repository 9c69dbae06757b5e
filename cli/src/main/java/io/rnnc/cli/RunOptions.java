package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.ConvBlock;
import io.rnnc.runtime.layer.FrameShape;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.train.Model;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The options that define a training run apart from its cell and where it is saved: the task
 * and how the data is read, the model, the optimizer, the batches and the run's length. `train`
 * extends them; `compare` runs every cell it compares with the same; the Spark module's `train`
 * declares them as `train` does (a picocli mixin).
 */
public class RunOptions {
    @Option(names = "--task", defaultValue = "lm",
            description = "lm (language model on a text file), classify (TSV: label<TAB>sequence; or image sequences "
                    + "with --frames), regress (CSV time series: forecast --target), value (TSV: number<TAB>sequence, "
                    + "one number per sequence), tag (TSV: tokens<TAB>tags, a tag per token; or a class per frame of "
                    + "image sequences, with --frames), seq2seq (TSV: source<TAB>target, an encoder-decoder) "
                    + "(default ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--frames", paramLabel = "HxWxC",
            description = "The data is image sequences of frames this shape (.npz or .safetensors with x, y and "
                    + "optional lengths, or a directory of class folders of .npy sequences).")
    String frames;

    @Option(names = "--conv2d", paramLabel = "CH:KHxKW[,padP][,strideS][,poolK|,avgpoolK]",
            description = "A 2-D convolution with ReLU (and pooling) applied to every frame, before the cell; "
                    + "repeat for more, in order (such as --conv2d 8:3x3,pool2 --conv2d 16:3x3,pool2).")
    List<String> conv2d = new ArrayList<>();

    @Option(names = "--valid", paramLabel = "FILE",
            description = "Held-out data in a file of its own; then all of --data is trained on.")
    Path valid;

    @Option(names = "--split", defaultValue = "0.1", paramLabel = "F",
            description = "The fraction of --data held out without --valid: the last F of a text or series, "
                    + "every (1/F)-th line of a TSV file (default ${DEFAULT-VALUE}).")
    double split;

    @Option(names = "--header", defaultValue = "auto", paramLabel = "yes|no|auto",
            description = "Whether the data files' first line is a header (a TSV's `label<TAB>text`, a CSV's column "
                    + "names) rather than data; auto detects it (default ${DEFAULT-VALUE}).")
    String header;

    @Option(names = "--level", defaultValue = "char", description = "char or word tokens for text (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--target", paramLabel = "COLUMN[,COLUMN...]",
            description = "regress: the CSV column, or columns, to forecast (default: the last input column).")
    String target;

    @Option(names = "--columns", split = ",", paramLabel = "COLUMN[,COLUMN...]",
            description = "regress: the CSV columns the model reads (default: every column but a date/time column, "
                    + "which is the time axis); the --target columns are read too.")
    List<String> columns;

    @Option(names = "--stride", defaultValue = "1", paramLabel = "N",
            description = "regress: rows between the starts of overlapping training windows (default ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "N",
            description = "regress: forecast the next N values of the target from each step (default ${DEFAULT-VALUE}).")
    int horizon;

    @Option(names = "--inputs", defaultValue = "auto", paramLabel = "auto|text|numbers",
            description = "classify, value, tag, seq2seq: read each sequence as text or as numbers (steps separated by "
                    + "spaces, a step's features by commas); auto reads numbers where every sequence is numbers "
                    + "(default ${DEFAULT-VALUE}).")
    String inputs;

    @Option(names = "--pool", defaultValue = "last",
            description = "classify: the head reads the last valid step, or the mean or max over steps (default ${DEFAULT-VALUE}).")
    String pool;

    @Option(names = "--reduction", defaultValue = "mean",
            description = "Per-step losses averaged over steps (mean) or summed over time (sum) (default ${DEFAULT-VALUE}).")
    String reduction;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden size H (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--size", paramLabel = "NAME=N",
            description = "The value of one of the cell's size parameters (default: H; the number of classes for "
                    + "the size of a softmax the cell ends in).")
    Map<String, Integer> sizes = new LinkedHashMap<>();

    @Option(names = "--layers", defaultValue = "1", description = "Stacked recurrent layers (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--bidirectional", description = "Run each recurrent layer both ways.")
    boolean bidirectional;

    @Option(names = "--dropout", defaultValue = "0", description = "Dropout on the input and between layers (default ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--recurrent-dropout", defaultValue = "0", paramLabel = "P",
            description = "Variational dropout on the recurrent state where the cell's products read it (default ${DEFAULT-VALUE}).")
    double recurrentDropout;

    @Option(names = "--variational", description = "Dropout with one mask per sequence, the same at every step.")
    boolean variational;

    @Option(names = "--dense", defaultValue = "0", paramLabel = "SIZE",
            description = "A per-step dense tanh layer of this size before the cell (0: none).")
    int dense;

    @Option(names = "--conv", defaultValue = "0", paramLabel = "CHANNELS",
            description = "A causal 1-D convolution over time with this many channels before the cell (0: none).")
    int convChannels;

    @Option(names = "--conv-kernel", defaultValue = "3", description = "Its kernel width (default ${DEFAULT-VALUE}).")
    int convKernel;

    @Option(names = "--steps", defaultValue = "64",
            description = "lm: steps between updates, k1; regress: window length (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--bptt", defaultValue = "0",
            description = "lm: steps backpropagated, k2, a multiple of --steps (default: --steps).")
    int bptt;

    @Option(names = "--batch", defaultValue = "32", description = "Sequences per batch (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--epochs", defaultValue = "1", description = "Passes over the data (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps in all (0: --epochs decides).")
    long maxSteps;

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "sgd, nesterov, adagrad, rmsprop, adam or adamw (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.002", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "constant, step:EVERY:GAMMA, cosine, warmup:N or warmup:N+cosine (default ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--momentum", defaultValue = "0", description = "Momentum for sgd and nesterov (default ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "0", description = "Weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip-value", defaultValue = "0", description = "Clamp gradients to ±this (0: off).")
    double clipValue;

    @Option(names = "--clip-norm", defaultValue = "5", description = "Clip the gradients' global norm (0: off; default ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--seed", defaultValue = "1", description = "Seeds initialisation, shuffling, dropout and sampling (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--backend", defaultValue = "jvm", description = "interp, jvm or opencl (default ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--precision", defaultValue = "f32", description = "f32 or f64 (default ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--eval-every", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on the held-out data every N steps, as well as at the end (0: at the end only).")
    long evalEvery;

    @Option(names = "--patience", defaultValue = "0", paramLabel = "K",
            description = "Stop when K held-out evaluations in a row have not improved on the best one (needs "
                    + "--eval-every; 0: never).")
    int patience;


    /** Checks the values of these options; a {@link UsageError} for the first that is wrong. */
    public void validate() {
        if (hidden < 1 || layers < 1 || steps < 1 || batch < 1 || epochs < 1 || maxSteps < 0) {
            throw new UsageError("--hidden, --layers, --steps, --batch and --epochs must be at least 1");
        }
        if (bptt != 0 && (bptt < steps || bptt % steps != 0)) {
            throw new UsageError("--bptt must be a multiple of --steps (" + steps + "), not " + bptt);
        }
        if (!List.of("last", "mean", "max").contains(pool)) {
            throw new UsageError("--pool must be last, mean or max, not `" + pool + "`");
        }
        if (!List.of("mean", "sum").contains(reduction)) {
            throw new UsageError("--reduction must be mean or sum, not `" + reduction + "`");
        }
        if (dense < 0 || convChannels < 0 || convKernel < 1) {
            throw new UsageError("--dense and --conv must be at least 0, --conv-kernel at least 1");
        }
        if (dropout < 0 || dropout >= 1 || recurrentDropout < 0 || recurrentDropout >= 1) {
            throw new UsageError("--dropout and --recurrent-dropout must be in [0, 1)");
        }
        if (lr <= 0) {
            throw new UsageError("--lr must be above 0");
        }
        if (!(split >= 0 && split < 1)) {
            throw new UsageError("--split is the fraction of the data held out, from 0 up to 1 (not 1), not " + split);
        }
        if (stride < 1 || horizon < 1) {
            throw new UsageError("--stride and --horizon must be at least 1");
        }
        if (evalEvery < 0 || patience < 0) {
            throw new UsageError("--eval-every and --patience must be at least 0");
        }
        if (patience > 0 && evalEvery == 0 && !continuesASavedRun()) {
            throw new UsageError("--patience counts held-out evaluations; give --eval-every N too");
        }
        frameFrontEnd();
        TaskInput.header(header);
        TaskInput.Inputs.named(inputs);
    }

    /** The frame shape and convolution blocks given, checked against the task. */
    ModelSpec.FrontEnd frameFrontEnd() {
        ModelSpec.FrontEnd vectors = new ModelSpec.FrontEnd(dense, convChannels, convKernel);
        if (frames == null) {
            if (!conv2d.isEmpty()) {
                throw new UsageError("--conv2d convolves the frames of image sequences; give their shape with "
                        + "--frames HxWxC");
            }
            return vectors;
        }
        // A resumed run's task is the saved one, and --frames given again must be the saved shape.
        if (!continuesASavedRun() && !task.equals("classify") && !task.equals("tag")) {
            throw new UsageError("--frames reads image sequences for --task classify or tag, not " + task);
        }
        FrameShape shape;
        try {
            shape = FrameShape.parse(frames);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--frames: " + e.getMessage());
        }
        try {
            List<ConvBlock> blocks = conv2d.stream().map(ConvBlock::parse).toList();
            // Built once here, so that a block that does not fit its frames is a usage error before anything runs.
            if (!blocks.isEmpty()) {
                ConvBlock.stack(shape, blocks, new Random(0), new WorkerPool(1));
            }
            return vectors.withFrames(shape, blocks);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--conv2d: " + e.getMessage());
        }
    }

    /** Whether the options continue a saved run, whose settings stand in for those not given. */
    boolean continuesASavedRun() {
        return false;
    }

    Reduction reduction() {
        return reduction.equals("sum") ? Reduction.SUM : Reduction.MEAN;
    }

    /** Steps backpropagated, k2: --bptt, or --steps where it is not given. */
    public int bptt() {
        return bptt == 0 ? steps : bptt;
    }

    /** The step a new run ends at, given the steps of an epoch: --max-steps, else --epochs of them. */
    public long totalSteps(int perEpoch) {
        return maxSteps > 0 ? maxSteps : (long) perEpoch * epochs;
    }

    /**
     * The model of a new run of {@code cell} on {@code t}, {@code h} wide. A cell that ends in a
     * softmax over a size of its own is the model's output where the task wants a softmax over
     * classes (that size is then the number of classes); the sizes chosen are announced on
     * {@code err}.
     */
    public ModelSpec modelSpec(Task t, TypedCell cell, int h, PrintWriter err) {
        if (bidirectional && t.causal()) {
            throw new UsageError("--bidirectional with --task " + task + ": the model predicts each step from the "
                    + "ones before, and a backward direction would read the very values it predicts");
        }
        Pooling pooling = t.pooling() == null ? null : Pooling.valueOf(pool.toUpperCase(Locale.ROOT));
        SizeParameters.check(cell, sizes);
        Map<String, Integer> values = new TreeMap<>(sizes);
        String classes = Models.softmaxOutputSize(cell);
        boolean cellOutput = classes != null && t.head() == Model.Head.SOFTMAX
                && !(bidirectional && t.bidirectionalOutput()) && (pooling == null || pooling == Pooling.LAST);
        if (cellOutput) {
            Integer given = sizes.get(classes);
            if (given != null && given != t.outputSize()) {
                throw new UsageError("--size " + classes + "=" + given + ": the cell's output `" + cell.output()
                        + "`, a softmax over " + classes + ", is the model's output, so " + classes
                        + " is the number of classes, " + t.outputSize());
            }
            values.put(classes, t.outputSize());
            err.printf("rnnc: the cell's output `%s`, a softmax over %s = %d (the number of classes), is the model's "
                    + "output; no dense head on top of it%n", cell.output(), classes, t.outputSize());
        }
        values = SizeParameters.resolve(cell, values, h, "the hidden size", err);
        return new ModelSpec(t.inputSize(), h, layers, bidirectional, dropout, variational, recurrentDropout,
                frameFrontEnd(), t.head(), t.outputSize(), pooling,
                Options.backend(backend), Options.float64(precision), values, cellOutput);
    }

    /** The settings of a new run on {@code file}, held out as --valid and --split say. */
    RunConfig.Data data(Path file) {
        return data(file.toString(), valid == null ? null : valid.toString());
    }

    /**
     * The settings of a new run on {@code files}, held out as --split says or in {@code validFiles}:
     * as a cluster names them (paths, globs, URLs), which a {@link Path} would not keep.
     */
    public RunConfig.Data data(String files, String validFiles) {
        return new RunConfig.Data(task, files, level, target, header, split, validFiles,
                frames == null ? null : FrameShape.parse(frames).toString(), columns, stride, horizon, inputs);
    }

    /**
     * The training recipe of a new run that ends at step {@code total}.
     *
     * @param initFrom the parameter file it starts from, or null
     */
    public RunConfig.Training training(long total, Path initFrom) {
        return new RunConfig.Training(optimizer, lr, schedule, momentum, weightDecay, clipValue, clipNorm, reduction(),
                batch, steps, bptt(), seed, total, initFrom == null ? null : initFrom.toString(), evalEvery, patience);
    }
}
