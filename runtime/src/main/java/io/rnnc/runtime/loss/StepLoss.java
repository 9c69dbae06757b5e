package io.rnnc.runtime.loss;

/**
 * A loss over every step of a padded batch.
 *
 * @param value the reduced loss
 * @param gradient its gradient w.r.t. the per-step inputs (logits or predictions),
 *     {@code [T][B][F]}, zero where nothing is counted
 */
public record StepLoss(double value, double[][][] gradient) {
}
