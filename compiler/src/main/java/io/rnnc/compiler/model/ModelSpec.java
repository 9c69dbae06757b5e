package io.rnnc.compiler.model;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.train.Model;

/**
 * The architecture of a model around a cell: everything needed to build it again from a
 * checkpoint.
 *
 * @param input features per step X
 * @param hidden the cell's hidden size H (and every size parameter it leaves open)
 * @param layers recurrent layers stacked
 * @param bidirectional whether each recurrent layer runs both ways
 * @param dropout dropout probability on the input and between layers (0: none)
 * @param variational whether dropout reuses one mask at every step
 * @param convChannels channels of a causal 1-D convolution over time before the recurrent
 *     layers (0: none)
 * @param convKernel its kernel width
 * @param head the output activation and loss
 * @param output the head's size
 * @param pooling how the head reads a whole sequence, or null to read every step
 * @param backend where the cell runs
 * @param float64 float64 arithmetic in the cell (else float32)
 */
public record ModelSpec(int input, int hidden, int layers, boolean bidirectional, double dropout, boolean variational,
                        int convChannels, int convKernel, Model.Head head, int output, Pooling pooling,
                        Backend backend, boolean float64) {
    public ModelSpec {
        if (input < 1 || hidden < 1 || layers < 1 || output < 1) {
            throw new IllegalArgumentException("input, hidden, layers and output sizes must be at least 1");
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1), not " + dropout);
        }
        if (convChannels < 0 || (convChannels > 0 && convKernel < 1)) {
            throw new IllegalArgumentException("a convolution needs at least 1 channel and a kernel of at least 1");
        }
    }

    /** A one-layer, one-direction model with a softmax head per step: a language model or tagger. */
    public static ModelSpec perStepClassifier(int input, int hidden, int classes) {
        return new ModelSpec(input, hidden, 1, false, 0, false, 0, 0, Model.Head.SOFTMAX, classes, null,
                Backend.JVM, false);
    }

    /** The same with {@code n} stacked layers. */
    public ModelSpec withLayers(int n) {
        return new ModelSpec(input, hidden, n, bidirectional, dropout, variational, convChannels, convKernel, head,
                output, pooling, backend, float64);
    }

    /** The same, bidirectional or not. */
    public ModelSpec withBidirectional(boolean b) {
        return new ModelSpec(input, hidden, layers, b, dropout, variational, convChannels, convKernel, head, output,
                pooling, backend, float64);
    }

    /** The same with dropout {@code p}, variational or not. */
    public ModelSpec withDropout(double p, boolean isVariational) {
        return new ModelSpec(input, hidden, layers, bidirectional, p, isVariational, convChannels, convKernel, head,
                output, pooling, backend, float64);
    }

    /** The same with this head, read per step (pooling null) or per sequence. */
    public ModelSpec withHead(Model.Head kind, int size, Pooling how) {
        return new ModelSpec(input, hidden, layers, bidirectional, dropout, variational, convChannels, convKernel,
                kind, size, how, backend, float64);
    }

    /** The same with a causal convolution front end. */
    public ModelSpec withConvolution(int channels, int kernel) {
        return new ModelSpec(input, hidden, layers, bidirectional, dropout, variational, channels, kernel, head,
                output, pooling, backend, float64);
    }

    /** The same on another backend and precision. */
    public ModelSpec on(Backend where, boolean isFloat64) {
        return new ModelSpec(input, hidden, layers, bidirectional, dropout, variational, convChannels, convKernel,
                head, output, pooling, where, isFloat64);
    }

    /** The spec as JSON, for a checkpoint. */
    public String toJson() {
        return new Gson().toJson(this);
    }

    /** The spec {@link #toJson()} wrote; null when the text is not one. */
    public static ModelSpec fromJson(String json) {
        try {
            ModelSpec s = new Gson().fromJson(json, ModelSpec.class);
            return s == null || s.head() == null || s.backend() == null ? null : s;
        } catch (JsonParseException | IllegalArgumentException e) {
            return null;
        }
    }
}
