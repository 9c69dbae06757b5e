package io.rnnc.compiler.model;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.source.Source;
import io.rnnc.runtime.io.DType;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.io.SafetensorsException;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.tensor.Tensors;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training run saved in one safetensors file, in float64 so that a resumed run continues
 * exactly: the parameters under their own names ({@code W_ii_l0}, {@code head.weight}),
 * the optimizer's state under {@code optim.}, states carried between steps under {@code carry.},
 * for the cells PyTorch has ({@code stdlib:lstm}, {@code stdlib:gru}, …) the recurrent
 * parameters under PyTorch's names under {@code torch.} ({@code torch.weight_ih_l0}), and in the
 * metadata the cell's source, the run's configuration, the step and the encoders that read
 * the data (vocabularies, labels). Files are written to a temporary name and renamed, so a
 * crash never leaves half a checkpoint.
 *
 * <pre>{@code
 * Checkpoint.of(cell, spec, trainer, batches, Map.of()).save(file);
 * try (Model model = Checkpoint.load(file).model()) {
 *     ...
 * }
 * }</pre>
 *
 * @param cellSource the text of the cell file
 * @param cellName the cell's name within it
 * @param run the run's configuration, the architecture among it
 * @param step training steps taken
 * @param parameters the model's parameters
 * @param optimizerState the optimizer's state
 * @param carried what the step source carries between steps
 * @param encoders what reads the data, each as JSON by name (a vocabulary, the labels)
 * @param file the file the checkpoint was read from, named in errors; null for one made in memory
 */
public record Checkpoint(String cellSource, String cellName, RunConfig run, long step, Map<String, Tensor> parameters,
                         Map<String, Tensor> optimizerState, Map<String, Tensor> carried,
                         Map<String, String> encoders, Path file) {
    private static final String FORMAT = "rnnc-checkpoint-2";
    private static final String FORMAT_PREFIX = "rnnc-checkpoint-";
    private static final String OPTIM = "optim.";
    private static final String CARRY = "carry.";
    private static final String TORCH = "torch.";
    /** How the stdlib names its cells' sources; the run configuration keeps such a name, to find PyTorch's names by. */
    private static final String STDLIB = "stdlib:";

    /** A checkpoint made in memory, not read from a file. */
    public Checkpoint(String cellSource, String cellName, RunConfig run, long step, Map<String, Tensor> parameters,
                      Map<String, Tensor> optimizerState, Map<String, Tensor> carried, Map<String, String> encoders) {
        this(cellSource, cellName, run, step, parameters, optimizerState, carried, encoders, null);
    }

    /**
     * The checkpoint of a training run now: the trainer's model, step and optimizer, and what the
     * batches carry; the run's configuration records the model's spec and, for a stdlib cell,
     * its name.
     */
    public static Checkpoint of(TypedCell cell, ModelSpec spec, Trainer trainer, StepSource source,
                                Map<String, String> encoders) {
        String ref = cell.source().name().startsWith(STDLIB) ? cell.source().name() : null;
        return new Checkpoint(cell.source().text(), cell.name(), RunConfig.of(ref, spec), trainer.steps(),
                trainer.model().parameters(), trainer.optimizer().state(), source.carried(), encoders);
    }

    /** The architecture. */
    public ModelSpec spec() {
        return run.model();
    }

    /**
     * Writes the checkpoint atomically, with PyTorch's tensors under {@code torch.} where the
     * cell is one PyTorch has.
     *
     * @throws IOException when the file cannot be written
     */
    public void save(Path to) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>(parameters);
        optimizerState.forEach((k, t) -> tensors.put(OPTIM + k, t));
        carried.forEach((k, t) -> tensors.put(CARRY + k, t));
        TorchTensors.of(run, parameters).forEach((k, t) -> tensors.put(TORCH + k, t));
        Map<String, String> meta = new LinkedHashMap<>(encoders);
        meta.put("format", FORMAT);
        meta.put("cell.source", cellSource);
        meta.put("cell.name", cellName);
        meta.put("run", run.toJson());
        meta.put("step", Long.toString(step));
        Safetensors.write(to, tensors, meta, DType.F64);
    }

    /**
     * Reads a checkpoint.
     *
     * @throws InvalidCheckpointException when the file is missing, corrupt, or not an rnnc checkpoint
     */
    public static Checkpoint load(Path file) {
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(file);
        } catch (SafetensorsException e) {
            throw new InvalidCheckpointException(e.getMessage());
        }
        Map<String, String> meta = new LinkedHashMap<>(contents.metadata());
        String format = meta.remove("format");
        if (format != null && format.startsWith(FORMAT_PREFIX) && !format.equals(FORMAT)) {
            throw new InvalidCheckpointException(file + ": is a checkpoint of another version of rnnc (" + format
                    + "; this one reads " + FORMAT + "); train it again");
        }
        if (!FORMAT.equals(format)) {
            throw new InvalidCheckpointException(file + ": is a safetensors file but not an rnnc checkpoint (no `format: "
                    + FORMAT + "` in its metadata)");
        }
        String source = required(meta, "cell.source", file);
        String name = required(meta, "cell.name", file);
        RunConfig run = RunConfig.fromJson(required(meta, "run", file));
        if (run == null) {
            throw new InvalidCheckpointException(file + ": the checkpoint's run configuration is not valid");
        }
        long step;
        try {
            step = Long.parseLong(required(meta, "step", file));
        } catch (NumberFormatException e) {
            throw new InvalidCheckpointException(file + ": the checkpoint's step is not a number");
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        Map<String, Tensor> optim = new LinkedHashMap<>();
        Map<String, Tensor> carry = new LinkedHashMap<>();
        contents.tensors().forEach((k, t) -> {
            if (k.startsWith(OPTIM)) {
                optim.put(k.substring(OPTIM.length()), t);
            } else if (k.startsWith(CARRY)) {
                carry.put(k.substring(CARRY.length()), t);
            } else if (!k.startsWith(TORCH)) {
                params.put(k, t);
            }
        });
        return new Checkpoint(source, name, run, step, params, optim, carry, meta, file);
    }

    /**
     * Copies the saved parameters into a model's live ones.
     *
     * @throws InvalidCheckpointException when a parameter is missing, has another shape, or holds
     *     a value that is not a finite number (rnnc never saves one)
     */
    public void copyParametersInto(Map<String, Tensor> live) {
        for (Map.Entry<String, Tensor> e : live.entrySet()) {
            Tensor saved = parameters.get(e.getKey());
            if (saved == null) {
                throw new InvalidCheckpointException(where() + ": the checkpoint has no parameter `" + e.getKey() + "`");
            }
            if (!java.util.Arrays.equals(saved.shape(), e.getValue().shape())) {
                throw new InvalidCheckpointException(where() + ": parameter `" + e.getKey() + "` is "
                        + saved.shapeString() + " in the checkpoint but the model needs " + e.getValue().shapeString());
            }
            int bad = Tensors.firstNonFinite(saved.data());
            if (bad >= 0) {
                throw new InvalidCheckpointException(where() + ": parameter `" + e.getKey() + "` holds "
                        + saved.data()[bad] + " at element " + bad + "; the file is damaged (rnnc saves only finite "
                        + "parameters), use an earlier checkpoint");
            }
            System.arraycopy(saved.data(), 0, e.getValue().data(), 0, saved.size());
        }
    }

    /**
     * The checkpoint's cell, checked again from its source.
     *
     * @throws InvalidCheckpointException when the source no longer checks
     */
    public TypedCell cell() {
        Frontend.Result r = Frontend.check(new Source(cellName + ".rnn", cellSource));
        return r.cells().stream().filter(c -> c.name().equals(cellName)).findFirst()
                .filter(c -> r.ok())
                .orElseThrow(() -> new InvalidCheckpointException(where() + ": the cell source stored in the checkpoint "
                        + "does not check: " + DiagnosticPrinter.format(r.diagnostics().sorted()).lines().findFirst()
                        .orElse("")));
    }

    /**
     * The model saved, rebuilt as it was saved and loaded with the saved parameters. Close it
     * when done: on OpenCL it holds device memory.
     *
     * @throws InvalidCheckpointException when the cell or the parameters do not fit
     * @throws BackendUnavailableException when the saved backend cannot run here
     */
    public Model model() {
        return model(spec());
    }

    /**
     * The model saved, built for {@code spec} (the saved one on another backend, say) and loaded
     * with the saved parameters.
     */
    public Model model(ModelSpec spec) {
        return model(spec, Models.DEFAULT_DEVICE, WorkerPool.ofAvailableProcessors());
    }

    /**
     * The model saved, built for {@code spec} with its cell on the OpenCL device numbered
     * {@code device} (as {@link io.rnnc.compiler.backend.opencl.OpenClDevices#all()} lists them,
     * {@link Models#DEFAULT_DEVICE} for the first GPU) and the layers around it computing on
     * {@code pool}'s threads.
     */
    public Model model(ModelSpec spec, int device, WorkerPool pool) {
        Model model = Models.build(cell(), spec, 0, device, pool);
        copyParametersInto(model.parameters());
        return model;
    }

    /** How errors name the checkpoint: its file, where it was read from one. */
    private String where() {
        return file == null ? "the checkpoint" : file.toString();
    }

    private static String required(Map<String, String> meta, String key, Path file) {
        String v = meta.remove(key);
        if (v == null) {
            throw new InvalidCheckpointException(file + ": the checkpoint's metadata has no `" + key + "`");
        }
        return v;
    }
}
