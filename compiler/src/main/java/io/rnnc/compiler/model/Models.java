package io.rnnc.compiler.model;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.init.Initializer;
import io.rnnc.runtime.init.Initializers;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Activation;
import io.rnnc.runtime.layer.Conv1d;
import io.rnnc.runtime.layer.Dense;
import io.rnnc.runtime.layer.Dropout;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.layer.SequenceLayer;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.EncoderDecoder;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds a trainable {@link Model} around a checked cell: the front end, the recurrent layers
 * compiled for the chosen backend, dropout, and the head. Parameters start as PyTorch's RNNs
 * start them, uniform in ±1/√H, except where the cell's {@code init} lines say otherwise.
 */
public final class Models {
    private static final long INIT_STREAM = 2;
    private static final long DROPOUT_STREAM = 3;

    private Models() {
    }

    /**
     * The model of {@code spec} around {@code cell}, its parameters drawn from {@code seed},
     * computing on as many threads as there are processors.
     *
     * @throws Backend.Unavailable when the backend cannot run the cell as asked
     */
    public static Model build(TypedCell cell, ModelSpec spec, long seed) throws Backend.Unavailable {
        return build(cell, spec, seed, WorkerPool.ofAvailableProcessors());
    }

    /**
     * The model of {@code spec} around {@code cell}, its parameters drawn from {@code seed},
     * computing on {@code pool}'s threads: the same parameters after the same training whatever
     * their number.
     *
     * @throws Backend.Unavailable when the backend cannot run the cell as asked
     */
    public static Model build(TypedCell cell, ModelSpec spec, long seed, WorkerPool pool) throws Backend.Unavailable {
        Random init = new Random(Seeds.mix(seed, 0, INIT_STREAM));
        List<SequenceLayer> layers = new ArrayList<>();
        List<Random> dropoutRandoms = new ArrayList<>();
        int width = spec.input();
        if (spec.dropout() > 0) {
            layers.add(dropout(width, spec, dropoutRandoms));
        }
        ModelSpec.FrontEnd front = spec.front();
        if (front.dense() > 0) {
            layers.add(new Dense(width, front.dense(), Activation.TANH, init, pool));
            width = front.dense();
        }
        if (front.convChannels() > 0) {
            layers.add(new Conv1d(width, front.convChannels(), front.convKernel(), true, Activation.RELU, init, pool));
            width = front.convChannels();
        }
        CellProgram program = spec.recurrentDropout() > 0 ? CellProgram.withStateMasks(cell) : CellProgram.of(cell);
        for (int k = 0; k < spec.layers(); k++) {
            if (k > 0 && spec.dropout() > 0) {
                layers.add(dropout(width, spec, dropoutRandoms));
            }
            List<RecurrentLayer> directions = new ArrayList<>();
            for (int d = 0; d < (spec.bidirectional() ? 2 : 1); d++) {
                Map<String, Integer> sizes = sizes(cell, spec.hidden(), width);
                Map<String, Tensor> params = initialParameters(cell, program, sizes, init);
                directions.add(spec.backend().layer(program, sizes, params, spec.float64(), pool));
            }
            Recurrent layer = spec.recurrentDropout() > 0
                    ? new Recurrent(k, directions, spec.recurrentDropout(), dropoutRandom(dropoutRandoms))
                    : new Recurrent(k, directions);
            layers.add(layer);
            width = layer.outputSize();
        }
        Dense head = new Dense(width, spec.output(), Activation.IDENTITY, init, pool);
        return new Model(layers, spec.pooling(), head, spec.head(), dropoutRandoms);
    }

    /**
     * An encoder-decoder around {@code cell}: {@code spec.layers()} one-directional layers read
     * the source ({@code sourceSize} features per step); as many start from their final states and
     * read the decoder's inputs ({@code spec.input()} features), with {@code spec}'s head.
     */
    public static EncoderDecoder encoderDecoder(TypedCell cell, int sourceSize, ModelSpec spec, long seed)
            throws Backend.Unavailable {
        return encoderDecoder(cell, sourceSize, spec, seed, WorkerPool.ofAvailableProcessors());
    }

    /** The same, computing on {@code pool}'s threads. */
    public static EncoderDecoder encoderDecoder(TypedCell cell, int sourceSize, ModelSpec spec, long seed,
                                                WorkerPool pool) throws Backend.Unavailable {
        ModelSpec encoderSpec = new ModelSpec(sourceSize, spec.hidden(), spec.layers(), false, 0, false, 0, ModelSpec.FrontEnd.NONE,
                Model.Head.LINEAR, 1, null, spec.backend(), spec.float64());
        Model encoder = build(cell, encoderSpec, Seeds.mix(seed, 1, INIT_STREAM), pool);
        return new EncoderDecoder(encoder.recurrentLayers(), build(cell, spec.withBidirectional(false), seed, pool));
    }

    /** H, X and every size parameter (set to H) of {@code cell} for a layer reading {@code input} features. */
    public static Map<String, Integer> sizes(TypedCell cell, int hidden, int input) {
        return cell.sizes(hidden, input, Map.of(), hidden);
    }

    /** The cell's parameters, initialised by its `init` lines or, without one, uniformly in ±1/√H. */
    static Map<String, Tensor> initialParameters(TypedCell cell, CellProgram program, Map<String, Integer> sizes,
                                                 Random rng) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        Initializer fallback = Initializers.parse("pytorch_rnn:" + sizes.get(TypedCell.HIDDEN));
        program.parameterShapes(sizes).forEach((name, shape) -> {
            Tensor t = Tensor.zeros(shape);
            TypedCell.Init given = cell.param(name).init();
            initializer(given, fallback).fill(t, rng);
            params.put(name, t);
        });
        return params;
    }

    private static Initializer initializer(TypedCell.Init given, Initializer fallback) {
        if (given == null) {
            return fallback;
        }
        return Initializers.parse(given.scheme() != null ? given.scheme() : "constant:" + given.constant());
    }

    private static Dropout dropout(int width, ModelSpec spec, List<Random> randoms) {
        return new Dropout(width, spec.dropout(), spec.variational(), dropoutRandom(randoms));
    }

    /** A random source for one dropout site; the model reseeds all of them at every step. */
    private static Random dropoutRandom(List<Random> randoms) {
        Random r = new Random(Seeds.mix(0, randoms.size(), DROPOUT_STREAM));
        randoms.add(r);
        return r;
    }
}
