package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of `rnnc train`: the run's (see {@link RunOptions}), its cell, where it is saved and what it prints. */
public final class TrainOptions extends RunOptions {
    @Option(names = "--cell", paramLabel = "FILE[:CELL]|stdlib:NAME",
            description = "The cell: a .rnn file, FILE:CELL for one of its cells, or stdlib:NAME (not needed with --resume).")
    String cell;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "The data file (with --spark: files, directories or globs, comma-separated, on any file "
                    + "system Spark reads, compressed ones too).")
    Path data;

    @Option(names = "--checkpoint", defaultValue = "model.safetensors",
            description = "Where to save (default ${DEFAULT-VALUE}); the run's metrics and loss plot go beside it, and "
                    + "with --eval-every the best checkpoint as NAME.best.safetensors.")
    Path checkpoint;

    @Option(names = "--every", defaultValue = "0", description = "Also save every N steps (0: only at the end and on Ctrl-C).")
    long every;

    @Option(names = "--skip-nonfinite",
            description = "Skip a batch whose loss or gradients are NaN or infinite (counted and named at the end) "
                    + "instead of stopping the run there.")
    boolean skipNonFinite;

    @Option(names = "--resume", description = "Continue the run saved in --checkpoint.")
    boolean resume;

    @Option(names = "--init-from", paramLabel = "FILE",
            description = "Start from the parameters in this safetensors file (rnnc's names, or PyTorch's for the "
                    + "PyTorch-compatible stdlib cells) instead of random ones.")
    Path initFrom;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write an HTML report of the run to DIR/report.html: the cell's equations, the model, the "
                    + "settings, the results and the plots.")
    Path report;

    @Option(names = "--sample", defaultValue = "300", description = "lm: characters to generate at the end (default ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--prompt", defaultValue = "", description = "lm: text the sample starts from.")
    String prompt;

    @Option(names = "--temperature", defaultValue = "0.7",
            description = "lm: sampling temperature; 0 is greedy (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Spark at this master URL (local[N], spark://HOST:PORT, yarn, k8s://…); "
                    + "needs the rnnc-spark jar and Spark's on the class path, as ./rnnc puts them.")
    String spark;

    @Option(names = "--partitions", paramLabel = "N",
            description = "With --spark: the partitions the data and each batch are split into (default: Spark's "
                    + "default parallelism).")
    Integer partitions;

    @Override
    public void validate() {
        if (resume && initFrom != null) {
            throw new UsageError("--init-from starts a new run from saved parameters, and --resume continues a saved "
                    + "run; give one of them");
        }
        if (cell == null && !resume) {
            throw new UsageError("give the cell with --cell FILE or --cell stdlib:NAME");
        }
        super.validate();
        if (every < 0) {
            throw new UsageError("--every must be at least 0");
        }
        if (temperature < 0) {
            throw new UsageError("--temperature must be at least 0");
        }
        TrainCommand.requireWritable(checkpoint);
    }

    /** The cell as --cell names it, or null. */
    public String cell() {
        return cell;
    }

    /** Where the run is saved. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** Steps between checkpoints (0: only at the end). */
    public long every() {
        return every;
    }

    /** Whether the run continues the one saved in {@link #checkpoint()}. */
    public boolean resume() {
        return resume;
    }

    /** Whether a batch whose loss or gradients are not finite is skipped. */
    public boolean skipNonFinite() {
        return skipNonFinite;
    }

    /** The Spark master URL of --spark, or null on one machine. */
    public String spark() {
        return spark;
    }

    /** The partitions of --partitions, or null for Spark's default parallelism. */
    public Integer partitions() {
        return partitions;
    }

    @Override
    boolean continuesASavedRun() {
        return resume;
    }

    /** The model of a new run of {@code cell} on {@code t}, at the --hidden size. */
    public ModelSpec modelSpec(Task t, TypedCell cell, PrintWriter err) {
        return modelSpec(t, cell, hidden, err);
    }
}
