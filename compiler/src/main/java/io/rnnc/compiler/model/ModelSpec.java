package io.rnnc.compiler.model;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.runtime.layer.ConvBlock;
import io.rnnc.runtime.layer.FrameShape;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.train.Model;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The architecture of a model around a cell: everything needed to build it again from a
 * checkpoint.
 *
 * @param input features per step X (for image sequences, a frame's values, height·width·channels)
 * @param hidden the cell's hidden size H (and every size parameter it leaves open)
 * @param layers recurrent layers stacked
 * @param bidirectional whether each recurrent layer runs both ways
 * @param dropout dropout probability on the input and between layers (0: none)
 * @param variational whether dropout reuses one mask at every step
 * @param recurrentDropout variational dropout on the recurrent state where the cell's matrix
 *     products read it (0: none)
 * @param front the per-step layers before the recurrent ones
 * @param head the output activation and loss
 * @param output the head's size
 * @param pooling how the head reads a whole sequence, or null to read every step
 * @param backend where the cell runs
 * @param float64 float64 arithmetic in the cell (else float32)
 * @param sizes the values of the cell's size parameters (other than H and X); one not given is H
 * @param cellOutput whether the cell's own output, a softmax over the {@code output} classes, is
 *     the model's output (read as log-probabilities), instead of a dense head on top of it
 */
public record ModelSpec(int input, int hidden, int layers, boolean bidirectional, double dropout, boolean variational,
                        double recurrentDropout,
                        FrontEnd front, Model.Head head, int output, Pooling pooling,
                        Backend backend, boolean float64, Map<String, Integer> sizes, boolean cellOutput) {
    public ModelSpec {
        if (input < 1 || hidden < 1 || layers < 1 || output < 1) {
            throw new IllegalArgumentException("input, hidden, layers and output sizes must be at least 1");
        }
        if (dropout < 0 || dropout >= 1 || recurrentDropout < 0 || recurrentDropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout + " or " + recurrentDropout);
        }
        sizes = Collections.unmodifiableMap(new TreeMap<>(sizes == null ? Map.of() : sizes));
        if (sizes.values().stream().anyMatch(v -> v == null || v < 1)) {
            throw new IllegalArgumentException("size parameters must be at least 1: " + sizes);
        }
    }

    /** A spec whose cell's size parameters are H, with a dense head. */
    public ModelSpec(int input, int hidden, int layers, boolean bidirectional, double dropout, boolean variational,
                     double recurrentDropout, FrontEnd front, Model.Head head, int output, Pooling pooling,
                     Backend backend, boolean float64) {
        this(input, hidden, layers, bidirectional, dropout, variational, recurrentDropout, front, head, output, pooling,
                backend, float64, Map.of(), false);
    }

    /**
     * A language model over a vocabulary of {@code vocabulary} tokens: each step reads a token
     * (one-hot) and predicts the next with a softmax; one layer, one direction, float32 on the JVM.
     */
    public static ModelSpec languageModel(int vocabulary, int hidden) {
        return tagger(vocabulary, hidden, vocabulary);
    }

    /** A tagger: a softmax over {@code tags} classes at every step (a per-step classifier). */
    public static ModelSpec tagger(int input, int hidden, int tags) {
        return new ModelSpec(input, hidden, 1, false, 0, false, 0, FrontEnd.NONE, Model.Head.SOFTMAX, tags, null,
                Backend.JVM, false);
    }

    /** A sequence classifier: a softmax over {@code classes} read at each sequence's last valid step. */
    public static ModelSpec classifier(int input, int hidden, int classes) {
        return tagger(input, hidden, classes).withHead(Model.Head.SOFTMAX, classes, Pooling.LAST);
    }

    /**
     * A regressor: {@code outputs} numbers per sequence, read at its last valid step, with a
     * linear head and mean squared error.
     */
    public static ModelSpec regressor(int input, int hidden, int outputs) {
        return tagger(input, hidden, outputs).withHead(Model.Head.LINEAR, outputs, Pooling.LAST);
    }

    /**
     * The decoder of a sequence-to-sequence model over a target vocabulary of
     * {@code vocabulary} tokens (each step reads the previous token and predicts the next);
     * {@link Models#encoderDecoder} puts an encoder of the source before it.
     */
    public static ModelSpec seq2seq(int vocabulary, int hidden) {
        return languageModel(vocabulary, hidden);
    }

    /** The same with {@code n} stacked layers. */
    public ModelSpec withLayers(int n) {
        return new ModelSpec(input, hidden, n, bidirectional, dropout, variational, recurrentDropout, front, head,
                output, pooling, backend, float64, sizes, cellOutput);
    }

    /** The same, bidirectional or not. */
    public ModelSpec withBidirectional(boolean b) {
        return new ModelSpec(input, hidden, layers, b, dropout, variational, recurrentDropout, front, head, output,
                pooling, backend, float64, sizes, cellOutput);
    }

    /** The same with variational dropout {@code p} on the recurrent state. */
    public ModelSpec withRecurrentDropout(double p) {
        return new ModelSpec(input, hidden, layers, bidirectional, dropout, variational, p, front, head, output,
                pooling, backend, float64, sizes, cellOutput);
    }

    /** The same with dropout {@code p}, variational or not. */
    public ModelSpec withDropout(double p, boolean isVariational) {
        return new ModelSpec(input, hidden, layers, bidirectional, p, isVariational, recurrentDropout, front, head,
                output, pooling, backend, float64, sizes, cellOutput);
    }

    /** The same with this head, read per step (pooling null) or per sequence. */
    public ModelSpec withHead(Model.Head kind, int size, Pooling how) {
        return new ModelSpec(input, hidden, layers, bidirectional, dropout, variational, recurrentDropout, front,
                kind, size, how, backend, float64, sizes, cellOutput);
    }

    /** The same with these per-step layers before the recurrent ones. */
    public ModelSpec withFront(FrontEnd f) {
        return new ModelSpec(input, hidden, layers, bidirectional, dropout, variational, recurrentDropout, f, head,
                output, pooling, backend, float64, sizes, cellOutput);
    }

    /**
     * Per-step layers before the recurrent ones, in this order: convolutional blocks applied to
     * each frame of image sequences (seed 001's CNN/RNN for video), a dense tanh layer, then a
     * causal 1-D convolution over time with ReLU.
     *
     * @param dense the dense layer's size (0: none)
     * @param convChannels the convolution's channels (0: none)
     * @param convKernel its kernel width
     * @param frames the shape of each step's frame when the input is image sequences, else null
     * @param conv2d the blocks applied to each frame, in order (empty: the flattened frame is the input)
     */
    public record FrontEnd(int dense, int convChannels, int convKernel, FrameShape frames, List<ConvBlock> conv2d) {
        /** No front end: the recurrent layers read the input. */
        public static final FrontEnd NONE = new FrontEnd(0, 0, 0);

        public FrontEnd {
            if (dense < 0 || convChannels < 0 || (convChannels > 0 && convKernel < 1)) {
                throw new IllegalArgumentException("front-end sizes must be positive, and a convolution needs a kernel of at least 1");
            }
            // A spec saved before image sequences has neither.
            conv2d = conv2d == null ? List.of() : List.copyOf(conv2d);
            if (frames == null && !conv2d.isEmpty()) {
                throw new IllegalArgumentException("2-D convolutions need the shape of the frames they read");
            }
        }

        /** A front end for vectors, without frames. */
        public FrontEnd(int dense, int convChannels, int convKernel) {
            this(dense, convChannels, convKernel, null, List.of());
        }

        /** The same, reading image sequences of {@code shape} through these blocks first. */
        public FrontEnd withFrames(FrameShape shape, List<ConvBlock> blocks) {
            return new FrontEnd(dense, convChannels, convKernel, shape, blocks);
        }
    }

    /** The same with these values of the cell's size parameters, the cell's output read as the model's or not. */
    public ModelSpec withSizes(Map<String, Integer> values, boolean isCellOutput) {
        return new ModelSpec(input, hidden, layers, bidirectional, dropout, variational, recurrentDropout, front,
                head, output, pooling, backend, float64, values, isCellOutput);
    }

    /** The same with the cell on another backend, in the same precision. */
    public ModelSpec withBackend(Backend where) {
        return on(where, float64);
    }

    /** The same with the cell computing in float64 ({@code true}) or float32 ({@code false}). */
    public ModelSpec withFloat64(boolean isFloat64) {
        return on(backend, isFloat64);
    }

    /** The same on another backend and precision. */
    public ModelSpec on(Backend where, boolean isFloat64) {
        return new ModelSpec(input, hidden, layers, bidirectional, dropout, variational, recurrentDropout, front,
                head, output, pooling, where, isFloat64, sizes, cellOutput);
    }

    /** The spec as JSON, for a checkpoint. */
    public String toJson() {
        return new Gson().toJson(this);
    }

    /** Whether every part is there (JSON can leave parts out). */
    boolean complete() {
        return head != null && backend != null && front != null;
    }

    /** The spec {@link #toJson()} wrote; null when the text is not one. */
    public static ModelSpec fromJson(String json) {
        try {
            ModelSpec s = new Gson().fromJson(json, ModelSpec.class);
            return s == null || !s.complete() ? null : s;
        } catch (JsonParseException | IllegalArgumentException e) {
            return null;
        }
    }
}
