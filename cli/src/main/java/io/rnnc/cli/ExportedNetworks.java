package io.rnnc.cli;

import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.export.ModelFile;
import io.rnnc.runtime.layer.Conv1d;
import io.rnnc.runtime.layer.Dense;
import io.rnnc.runtime.layer.Dropout;
import io.rnnc.runtime.layer.LogProbabilities;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.layer.SequenceLayer;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A trained model's layers as an exported model's file describes them: the compiled cells as
 * their plans, the rest by their sizes and activations. A layer the runtime cannot run alone
 * is refused in words.
 */
final class ExportedNetworks {
    private final Path checkpoint;
    private final Set<Tensor> float32 = Collections.newSetFromMap(new IdentityHashMap<>());

    /** @param checkpoint the checkpoint, named in refusals */
    ExportedNetworks(Path checkpoint) {
        this.checkpoint = checkpoint;
    }

    /** {@code model}'s layers and head. */
    ModelFile.Network of(Model model) {
        List<ModelFile.LayerFile> body = new ArrayList<>();
        for (Model.Layer l : model.namedLayers()) {
            if (!(l.layer() instanceof Dropout)) {
                body.add(layer(l.prefix(), l.layer()));
            }
        }
        return new ModelFile.Network(body, layer("head.", model.headLayer()), model.head().name(),
                model.pooling() == null ? null : model.pooling().name());
    }

    /** The parameters of the layers described so far that only float32 cells read. */
    Set<Tensor> float32() {
        return float32;
    }

    /** The recurrent layers of an encoder. */
    List<ModelFile.LayerFile> of(List<Recurrent> layers) {
        return layers.stream().map(r -> layer("", r)).toList();
    }

    private ModelFile.LayerFile layer(String prefix, SequenceLayer layer) {
        if (layer instanceof Dense d) {
            return new ModelFile.LayerFile(ModelFile.Kind.DENSE, prefix, d.inputSize(), d.outputSize(),
                    d.activation().name(), 0, false, List.of());
        }
        if (layer instanceof Conv1d c) {
            return new ModelFile.LayerFile(ModelFile.Kind.CONV, prefix, c.inputSize(), c.outputSize(),
                    c.activation().name(), c.kernel(), c.causal(), List.of());
        }
        if (layer instanceof LogProbabilities p) {
            return new ModelFile.LayerFile(ModelFile.Kind.LOG_PROBABILITIES, prefix, p.inputSize(), p.outputSize(), null,
                    0, false, List.of());
        }
        if (layer instanceof Recurrent r) {
            return new ModelFile.LayerFile(ModelFile.Kind.RECURRENT, prefix, r.inputSize(), r.outputSize(), null, 0, false,
                    r.directions().stream().map(this::direction).toList());
        }
        throw new UserError(checkpoint + ": rnnc export cannot carry the model's " + layer.getClass().getSimpleName()
                + " layer, which runs only inside rnnc");
    }

    private ModelFile.Direction direction(RecurrentLayer layer) {
        if (!(layer instanceof JvmLayer jvm)) {
            throw new IllegalStateException("the model to export was built for the JVM, not " + layer.getClass());
        }
        CellPlan vector = jvm.plan();
        if (!vector.f64()) {
            float32.addAll(jvm.parameters().values());
        }
        List<CellPlan> plans = vector.lanes() == 0 ? List.of(vector) : List.of(vector, jvm.scalarPlan());
        return new ModelFile.Direction(plans, List.copyOf(jvm.parameters().keySet()));
    }
}
