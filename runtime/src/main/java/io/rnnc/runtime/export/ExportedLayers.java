package io.rnnc.runtime.export;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.LaneSupport;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Activation;
import io.rnnc.runtime.layer.Conv1d;
import io.rnnc.runtime.layer.Dense;
import io.rnnc.runtime.layer.DropoutMasks;
import io.rnnc.runtime.layer.LogProbabilities;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.layer.SequenceLayer;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.step.PlanKernels;
import io.rnnc.runtime.step.PlanLayer;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.EncoderDecoder;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The runtime's layers as an exported model's file describes them, with the parameters the jar
 * holds: compiled cells run from their plans ({@link PlanLayer}), the rest as the trainer built
 * them. Nothing is drawn at random: every parameter is the saved one.
 */
final class ExportedLayers {
    private final Map<String, Tensor> saved;
    private final WorkerPool pool;
    private final int lanes = LaneSupport.floatLanes();

    /** @param saved the parameters by their names in the model */
    ExportedLayers(Map<String, Tensor> saved, WorkerPool pool) {
        this.saved = saved;
        this.pool = pool;
    }

    /** The model (or encoder-decoder) of {@code file}, every parameter set to the saved one. */
    Learner learner(ModelFile file) {
        if (file.encoder().isEmpty()) {
            return withSavedParameters(model(file.model(), ""));
        }
        List<Recurrent> encoder = new ArrayList<>();
        List<Map<String, Dense>> bridges = new ArrayList<>();
        for (int k = 0; k < file.encoder().size(); k++) {
            Recurrent r = recurrent(file.encoder().get(k), k, "encoder.");
            encoder.add(r);
            if (r.directions().size() == 2) {
                bridges.add(bridge(r.directions().get(0)));
            }
        }
        return withSavedParameters(new EncoderDecoder(encoder, bridges, model(file.model(), "decoder.")));
    }

    /** A dense layer per state from both directions' final values to the decoder's initial one, as the trainer builds it. */
    private Map<String, Dense> bridge(RecurrentLayer forward) {
        Map<String, Dense> bridge = new LinkedHashMap<>();
        for (String state : forward.stateNames()) {
            int size = forward.stateSize(state);
            bridge.put(state, new Dense(2 * size, size, Activation.IDENTITY, new Random(0), pool));
        }
        return bridge;
    }

    private Model model(ModelFile.Network n, String prefix) {
        List<Model.Layer> layers = new ArrayList<>();
        int k = 0;
        for (ModelFile.LayerFile l : n.body()) {
            SequenceLayer layer = l.kind() == ModelFile.Kind.RECURRENT ? recurrent(l, k++, prefix) : layer(l);
            layers.add(new Model.Layer(l.prefix(), layer));
        }
        return new Model(layers, n.pooling() == null ? null : Pooling.valueOf(n.pooling()), layer(n.head()),
                Model.Head.valueOf(n.headKind()), new DropoutMasks());
    }

    private SequenceLayer layer(ModelFile.LayerFile l) {
        return switch (l.kind()) {
            case DENSE -> new Dense(l.inputSize(), l.outputSize(), Activation.valueOf(l.activation()), new Random(0), pool);
            case CONV -> new Conv1d(l.inputSize(), l.outputSize(), l.kernel(), l.causal(),
                    Activation.valueOf(l.activation()), new Random(0), pool);
            case LOG_PROBABILITIES -> new LogProbabilities(l.inputSize());
            case RECURRENT -> throw new IllegalArgumentException("a recurrent layer needs its position");
        };
    }

    /** Recurrent layer k, its cells run from their plans with the saved parameters (named with {@code prefix}). */
    private Recurrent recurrent(ModelFile.LayerFile l, int k, String prefix) {
        List<RecurrentLayer> directions = new ArrayList<>();
        for (int d = 0; d < l.directions().size(); d++) {
            ModelFile.Direction direction = l.directions().get(d);
            Map<String, Tensor> params = new LinkedHashMap<>();
            for (String name : direction.parameters()) {
                params.put(name, parameter(prefix + name + Recurrent.suffix(k, d == 1)));
            }
            CellPlan plan = runnable(direction.plans());
            directions.add(new PlanLayer(plan, params, PlanKernels.load(plan), Blas.get(), pool));
        }
        return new Recurrent(k, directions);
    }

    /** The plan whose kernels this JVM runs: vector loops of its width where it has the Vector API, else scalar ones. */
    private CellPlan runnable(List<CellPlan> variants) {
        for (CellPlan p : variants) {
            if (p.lanes() == lanes) {
                return p;
            }
        }
        return variants.stream().filter(p -> p.lanes() == 0).findFirst().orElseThrow(() -> new DataException(
                ModelFile.RESOURCE + ": no layer plan runs without the Vector API; start java with "
                        + "--add-modules jdk.incubator.vector"));
    }

    private Tensor parameter(String name) {
        Tensor t = saved.get(name);
        if (t == null) {
            throw new DataException(ModelFile.RESOURCE + ": holds no parameter " + name + ", which the model needs");
        }
        return t;
    }

    /** Sets each of the learner's parameters to the saved one of its name. */
    private <T extends Learner> T withSavedParameters(T learner) {
        learner.parameters().forEach((name, t) -> {
            Tensor s = parameter(name);
            if (s != t) {
                if (s.data().length != t.data().length) {
                    throw new DataException(ModelFile.RESOURCE + ": " + name + " has " + s.data().length
                            + " values, but the model's has " + t.data().length);
                }
                System.arraycopy(s.data(), 0, t.data(), 0, t.data().length);
            }
        });
        return learner;
    }
}
