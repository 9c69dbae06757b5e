package io.rnnc.runtime.loss;

/** A loss defined element by element between a prediction (or logit) and a target. */
interface ElementLoss {

    /** The loss of one element. */
    double value(double prediction, double target);

    /** Its derivative w.r.t. the prediction. */
    double derivative(double prediction, double target);

    /**
     * Checks that a target is one this loss accepts.
     *
     * @throws IllegalArgumentException if it is not
     */
    void checkTarget(double target);
}
