package io.rnnc.compiler.model;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.compiler.check.Builtin;
import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TExpr;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.init.Initializer;
import io.rnnc.runtime.init.Initializers;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Activation;
import io.rnnc.runtime.layer.Conv1d;
import io.rnnc.runtime.layer.ConvBlock;
import io.rnnc.runtime.layer.Dense;
import io.rnnc.runtime.layer.Dropout;
import io.rnnc.runtime.layer.DropoutMasks;
import io.rnnc.runtime.layer.FrameStack;
import io.rnnc.runtime.layer.LogProbabilities;
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
    /** The OpenCL device chosen where none is named: the first GPU, else the first device. */
    public static final int DEFAULT_DEVICE = -1;

    private Models() {
    }

    /**
     * The model of {@code spec} around {@code cell}, its parameters drawn from {@code seed},
     * computing on as many threads as there are processors; on OpenCL, on the first GPU (else the
     * first device). Close it when done: on OpenCL it holds device memory.
     *
     * @throws BackendUnavailableException when the backend cannot run the cell as asked
     * @throws io.rnnc.runtime.tensor.HeapLimit.Exceeded when its parameters would not fit in the heap
     */
    public static Model build(TypedCell cell, ModelSpec spec, long seed) {
        return build(cell, spec, seed, DEFAULT_DEVICE, WorkerPool.ofAvailableProcessors());
    }

    /**
     * The same, computing on {@code pool}'s threads: the same parameters after the same training
     * whatever their number.
     *
     * @throws BackendUnavailableException when the backend cannot run the cell as asked
     * @throws io.rnnc.runtime.tensor.HeapLimit.Exceeded when its parameters would not fit in the heap
     */
    public static Model build(TypedCell cell, ModelSpec spec, long seed, WorkerPool pool) {
        return build(cell, spec, seed, DEFAULT_DEVICE, pool);
    }

    /**
     * The same, with the cell on the OpenCL device numbered {@code device} as
     * {@link io.rnnc.compiler.backend.opencl.OpenClDevices#all()} (and {@code rnnc devices}) list
     * them, where the spec's backend is OpenCL.
     *
     * @throws BackendUnavailableException when the backend cannot run the cell as asked, or there is no such device
     * @throws io.rnnc.runtime.tensor.HeapLimit.Exceeded when its parameters would not fit in the heap
     */
    public static Model build(TypedCell cell, ModelSpec spec, long seed, int device) {
        return build(cell, spec, seed, device, WorkerPool.ofAvailableProcessors());
    }

    /**
     * The same, with the cell on the OpenCL device numbered {@code device} as
     * {@link io.rnnc.compiler.backend.opencl.OpenClDevices#all()} (and {@code rnnc devices}) list
     * them, where the spec's backend is OpenCL, and the layers around it on {@code pool}'s threads.
     *
     * @throws BackendUnavailableException when the backend cannot run the cell as asked, or there is no such device
     * @throws io.rnnc.runtime.tensor.HeapLimit.Exceeded when its parameters would not fit in the heap
     */
    public static Model build(TypedCell cell, ModelSpec spec, long seed, int device, WorkerPool pool) {
        MemoryEstimate.of(cell, spec).requireParameters(spec, false);
        Random init = new Random(Seeds.mix(seed, 0, INIT_STREAM));
        List<Model.Layer> layers = new ArrayList<>();
        DropoutMasks masks = new DropoutMasks();
        int width = spec.input();
        ModelSpec.FrontEnd front = spec.front();
        if (!front.conv2d().isEmpty()) {
            FrameStack frames = frameStack(front, width, init, pool);
            layers.add(new Model.Layer("frames.", frames));
            width = frames.outputSize();
        }
        if (spec.dropout() > 0) {
            layers.add(new Model.Layer("dropout.", dropout(width, spec, masks)));
        }
        if (front.dense() > 0) {
            layers.add(new Model.Layer("dense.", new Dense(width, front.dense(), Activation.TANH, init, pool)));
            width = front.dense();
        }
        if (front.convChannels() > 0) {
            layers.add(new Model.Layer("conv.",
                    new Conv1d(width, front.convChannels(), front.convKernel(), true, Activation.RELU, init, pool)));
            width = front.convChannels();
        }
        CellProgram program = spec.recurrentDropout() > 0 ? CellProgram.withStateMasks(cell) : CellProgram.of(cell);
        for (int k = 0; k < spec.layers(); k++) {
            if (k > 0 && spec.dropout() > 0) {
                layers.add(new Model.Layer("dropout.", dropout(width, spec, masks)));
            }
            List<RecurrentLayer> directions = new ArrayList<>();
            Map<String, Integer> sizes = sizes(cell, spec, width);
            int needed = cell.inputSize().evaluate(sizes);
            if (needed != width) {
                throw new InputSizeMismatch(k, width, cell.inputSize(), needed);
            }
            for (int d = 0; d < (spec.bidirectional() ? 2 : 1); d++) {
                Map<String, Tensor> params = initialParameters(cell, program, sizes, init);
                directions.add(spec.backend() == Backend.OPENCL
                        ? Backend.openCl(program, sizes, params, spec.float64(), device)
                        : spec.backend().layer(program, sizes, params, spec.float64(), pool));
            }
            Recurrent layer = spec.recurrentDropout() > 0
                    ? new Recurrent(k, directions, spec.recurrentDropout(), masks.newSite())
                    : new Recurrent(k, directions);
            layers.add(new Model.Layer("", layer));
            width = layer.outputSize();
        }
        return new Model(layers, spec.pooling(), head(spec, width, init, pool), spec.head(), masks);
    }

    /**
     * An encoder-decoder around {@code cell}: {@code spec.layers()} layers read the source
     * ({@code sourceSize} features per step), both ways when the spec is bidirectional; as many
     * one-directional layers start from their final states (through a learned linear bridge per
     * state from a bidirectional layer's two directions) and read the decoder's inputs
     * ({@code spec.input()} features), with {@code spec}'s head.
     */
    public static EncoderDecoder encoderDecoder(TypedCell cell, int sourceSize, ModelSpec spec, long seed) {
        return encoderDecoder(cell, sourceSize, spec, seed, WorkerPool.ofAvailableProcessors());
    }

    /** The same, computing on {@code pool}'s threads. */
    public static EncoderDecoder encoderDecoder(TypedCell cell, int sourceSize, ModelSpec spec, long seed,
                                                WorkerPool pool) {
        ModelSpec encoderSpec = new ModelSpec(sourceSize, spec.hidden(), spec.layers(), spec.bidirectional(), 0, false,
                0, ModelSpec.FrontEnd.NONE, Model.Head.LINEAR, 1, null, spec.backend(), spec.float64(), spec.sizes(),
                false);
        Model encoder = build(cell, encoderSpec, Seeds.mix(seed, 1, INIT_STREAM), pool);
        List<Map<String, Dense>> bridges = new ArrayList<>();
        if (spec.bidirectional()) {
            Random init = new Random(Seeds.mix(seed, 2, INIT_STREAM));
            for (Recurrent layer : encoder.recurrentLayers()) {
                RecurrentLayer forward = layer.directions().get(0);
                Map<String, Dense> bridge = new LinkedHashMap<>();
                for (String state : forward.stateNames()) {
                    int size = forward.stateSize(state);
                    bridge.put(state, new Dense(2 * size, size, Activation.IDENTITY, init, pool));
                }
                bridges.add(bridge);
            }
        }
        return new EncoderDecoder(encoder.recurrentLayers(), bridges,
                build(cell, spec.withBidirectional(false), seed, pool));
    }

    /** The convolutional blocks of {@code front} on its frames, which must be the {@code input} values a step has. */
    private static FrameStack frameStack(ModelSpec.FrontEnd front, int input, Random init, WorkerPool pool) {
        if (front.frames().size() != input) {
            throw new IllegalArgumentException("frames of " + front.frames() + " hold " + front.frames().size()
                    + " values, but the model's input has " + input + " a step");
        }
        return ConvBlock.stack(front.frames(), front.conv2d(), init, pool);
    }

    /** A dense layer, or where the cell's output is the model's, the log of its probabilities. */
    private static SequenceLayer head(ModelSpec spec, int width, Random init, WorkerPool pool) {
        if (!spec.cellOutput()) {
            return new Dense(width, spec.output(), Activation.IDENTITY, init, pool);
        }
        if (width != spec.output()) {
            throw new IllegalArgumentException("the cell's output has " + width + " values per step, but the model's "
                    + "output has " + spec.output() + " classes");
        }
        return new LogProbabilities(width);
    }

    /**
     * H, X and every size parameter of {@code cell} for a layer of {@code spec} reading
     * {@code input} features: as the spec gives them, H where it does not.
     */
    public static Map<String, Integer> sizes(TypedCell cell, ModelSpec spec, int input) {
        return cell.sizes(spec.hidden(), input, spec.sizes(), spec.hidden());
    }

    /**
     * The size parameter that is the number of classes of the cell's output, where that output
     * is a softmax over a size of its own (`y_t = softmax(W_y h_t + b_y)`, `W_y` [Y, H]), else null.
     */
    public static String softmaxOutputSize(TypedCell cell) {
        TypedCell.Value out = cell.value(cell.output());
        if (out == null || !(out.expr() instanceof TExpr.Call call) || call.function() != Builtin.SOFTMAX
                || !out.shape().isVector()) {
            return null;
        }
        Size size = out.shape().size();
        if (size.constant() != 0 || size.terms().size() != 1) {
            return null;
        }
        Map.Entry<String, Integer> term = size.terms().entrySet().iterator().next();
        return term.getValue() == 1 && cell.sizeParams().contains(term.getKey()) ? term.getKey() : null;
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

    private static Dropout dropout(int width, ModelSpec spec, DropoutMasks masks) {
        return new Dropout(width, spec.dropout(), spec.variational(), masks.newSite());
    }
}
