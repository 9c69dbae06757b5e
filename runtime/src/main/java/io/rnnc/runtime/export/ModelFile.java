package io.rnnc.runtime.export;

import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.step.CellPlan;
import java.util.List;
import java.util.Map;

/**
 * What an exported model's jar says about the model, in {@link ModelBinary}'s form with its
 * parameters: the task,
 * how it reads and writes data (the checkpoint's encoders), and its layers, each recurrent one
 * with the plans of its step (one with the kernels' vector loops, one with scalar loops for a
 * JVM started without the Vector API). The kernels' class files lie in the jar under their own
 * names.
 *
 * @param task what the model does, as {@code rnnc train --task} names it: {@code lm} generates text
 * @param encoders the checkpoint's encoders by name (vocabularies, labels, scalings), as JSON
 * @param header whether the first line of a file to predict on is a header, as training said
 * @param batch inputs run at once, as {@code rnnc predict} runs them by default (the training batch)
 * @param steps rows of the windows a forecaster reads (the training windows')
 * @param horizon steps ahead a forecaster forecasts
 * @param model the model, or for {@code seq2seq} the decoder
 * @param encoder for {@code seq2seq}, the encoder's recurrent layers; empty otherwise
 */
public record ModelFile(String task, Map<String, String> encoders, TsvPairs.Header header, int batch, int steps,
                        int horizon, Network model, List<LayerFile> encoder) {
    /**
     * Where the jar holds this file with the parameters ({@link ModelBinary}), under the names
     * the checkpoint gives them (for {@code seq2seq}, {@code encoder.}, {@code bridge.} and
     * {@code decoder.} before them).
     */
    public static final String RESOURCE = "rnnc-model/model.bin";

    /**
     * A model's layers.
     *
     * @param body the layers before the head, in order (dropout left out: it does nothing at prediction)
     * @param head the output layer
     * @param headKind its activation, a {@code Model.Head} name
     * @param pooling how the head reads a whole sequence (a {@code Pooling} name), or null for every step
     */
    public record Network(List<LayerFile> body, LayerFile head, String headKind, String pooling) {
    }

    /** What a layer is. */
    public enum Kind {
        /** {@code Dense}: an activation of W·x + b. */
        DENSE,
        /** {@code Conv1d}: a convolution over time. */
        CONV,
        /** {@code Recurrent}: a compiled cell in one direction or two. */
        RECURRENT,
        /** {@code LogProbabilities}: the log of the cell's own probabilities. */
        LOG_PROBABILITIES
    }

    /**
     * One layer.
     *
     * @param prefix what its parameters' names start with in the model
     * @param activation an {@code Activation} name, for dense and convolutional layers
     * @param kernel steps a convolution reads; 0 otherwise
     * @param causal whether a convolution reads only past steps
     * @param directions for a recurrent layer, its forward direction and, when bidirectional, its backward one
     */
    public record LayerFile(Kind kind, String prefix, int inputSize, int outputSize, String activation, int kernel,
                            boolean causal, List<Direction> directions) {
    }

    /**
     * A recurrent layer's cell in one direction.
     *
     * @param plans the plans of its step, one per kind of kernel loop
     * @param parameters the cell's parameter names
     */
    public record Direction(List<CellPlan> plans, List<String> parameters) {
    }
}
