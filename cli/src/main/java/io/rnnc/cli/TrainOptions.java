package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import java.nio.file.Path;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of `rnnc train`: the model, the data, the optimizer and the run. */
final class TrainOptions {
    @Option(names = "--cell", paramLabel = "FILE|stdlib:NAME", description = "The cell (not needed with --resume).")
    String cell;

    @Option(names = "--task", defaultValue = "lm",
            description = "lm (language model on a text file), classify (TSV: label<TAB>text), "
                    + "regress (CSV time series: predict the next value of --target), "
                    + "seq2seq (TSV: source<TAB>target, an encoder-decoder) (default ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "The data file.")
    Path data;

    @Option(names = "--level", defaultValue = "char", description = "char or word tokens for text (default ${DEFAULT-VALUE}).")
    String level;

    @Option(names = "--target", description = "regress: the CSV column to predict (default: the last).")
    String target;

    @Option(names = "--pool", defaultValue = "last",
            description = "classify: the head reads the last valid step, or the mean or max over steps (default ${DEFAULT-VALUE}).")
    String pool;

    @Option(names = "--reduction", defaultValue = "mean",
            description = "Per-step losses averaged over steps (mean) or summed over time (sum) (default ${DEFAULT-VALUE}).")
    String reduction;

    @Option(names = "--hidden", defaultValue = "128", description = "Hidden size H (default ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--size", paramLabel = "NAME=N",
            description = "Value of one of the cell's size parameters, e.g. the projection LSTM's P (default: --hidden).")
    Map<String, Integer> sizeParams = new LinkedHashMap<>();

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

    @Option(names = "--checkpoint", defaultValue = "model.safetensors", description = "Where to save (default ${DEFAULT-VALUE}).")
    Path checkpoint;

    @Option(names = "--every", defaultValue = "0", description = "Also save every N steps (0: only at the end and on Ctrl-C).")
    long every;

    @Option(names = "--resume", description = "Continue the run saved in --checkpoint.")
    boolean resume;

    @Option(names = "--sample", defaultValue = "300", description = "lm: characters to generate at the end (default ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--prompt", defaultValue = "", description = "lm: text the sample starts from.")
    String prompt;

    @Option(names = "--temperature", defaultValue = "0.7", description = "lm: sampling temperature (default ${DEFAULT-VALUE}).")
    double temperature;

    void validate() {
        if (cell == null && !resume) {
            throw new UsageError("give the cell with --cell FILE or --cell stdlib:NAME");
        }
        if (hidden < 1 || layers < 1 || steps < 1 || batch < 1 || epochs < 1 || maxSteps < 0 || every < 0) {
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
        if (lr <= 0 || temperature <= 0) {
            throw new UsageError("--lr and --temperature must be above 0");
        }
        TrainCommand.requireWritable(checkpoint);
    }

    Reduction reduction() {
        return reduction.equals("sum") ? Reduction.SUM : Reduction.MEAN;
    }

    int bptt() {
        return bptt == 0 ? steps : bptt;
    }

    long totalSteps(int perEpoch) {
        return maxSteps > 0 ? maxSteps : (long) perEpoch * epochs;
    }

    ModelSpec modelSpec(Task t, TypedCell cell) {
        sizeParams.forEach((name, value) -> {
            if (!cell.sizeParams().contains(name)) {
                throw new UsageError("--size " + name + ": the cell has no size parameter `" + name + "`"
                        + (cell.sizeParams().isEmpty() ? "" : "; it has " + String.join(", ", cell.sizeParams())));
            }
            if (value < 1) {
                throw new UsageError("--size " + name + " must be at least 1");
            }
        });
        Pooling pooling = t.pooling() == null ? null : Pooling.valueOf(pool.toUpperCase(java.util.Locale.ROOT));
        return new ModelSpec(t.inputSize(), hidden, layers, bidirectional, dropout, variational, recurrentDropout,
                new ModelSpec.FrontEnd(dense, convChannels, convKernel), t.head(), t.outputSize(), pooling,
                Options.backend(backend), Options.float64(precision), sizeParams);
    }

    /** The run's settings, kept in the checkpoint so that `--resume` continues the same run. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("task", task);
        s.put("level", level);
        s.put("target", target == null ? "" : target);
        s.put("seed", Long.toString(seed));
        s.put("optimizer", optimizer);
        s.put("lr", Double.toString(lr));
        s.put("schedule", schedule);
        s.put("momentum", Double.toString(momentum));
        s.put("weight_decay", Double.toString(weightDecay));
        s.put("clip_value", Double.toString(clipValue));
        s.put("clip_norm", Double.toString(clipNorm));
        s.put("reduction", reduction);
        s.put("batch", Integer.toString(batch));
        s.put("steps", Integer.toString(steps));
        s.put("bptt", Integer.toString(bptt()));
        return s;
    }

    /** Takes the settings of a saved run, so that a resumed run is the same run. */
    void adopt(Map<String, String> saved, Path file) {
        try {
            task = saved.get("task");
            level = saved.get("level");
            target = saved.get("target").isEmpty() ? null : saved.get("target");
            seed = Long.parseLong(saved.get("seed"));
            optimizer = saved.get("optimizer");
            lr = Double.parseDouble(saved.get("lr"));
            schedule = saved.get("schedule");
            momentum = Double.parseDouble(saved.get("momentum"));
            weightDecay = Double.parseDouble(saved.get("weight_decay"));
            clipValue = Double.parseDouble(saved.get("clip_value"));
            clipNorm = Double.parseDouble(saved.get("clip_norm"));
            reduction = saved.get("reduction");
            batch = Integer.parseInt(saved.get("batch"));
            steps = Integer.parseInt(saved.get("steps"));
            bptt = Integer.parseInt(saved.get("bptt"));
        } catch (RuntimeException e) {
            throw new UserError(file + ": the checkpoint does not hold the settings of a training run");
        }
    }
}
