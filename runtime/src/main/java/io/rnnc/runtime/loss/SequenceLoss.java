package io.rnnc.runtime.loss;

/**
 * A loss over one vector per sample, as in many-to-one tasks.
 *
 * @param value the loss averaged over the batch
 * @param gradient its gradient w.r.t. the inputs (logits or predictions), {@code [B][F]}
 */
public record SequenceLoss(double value, double[][] gradient) {
}
