package io.rnnc.runtime.step;

/** A model that can run a step at a time: a trained model, or one loaded from an export. */
public interface Steppable {
    /** Values per step of the input. */
    int inputSize();

    /** Values per step of the output. */
    int outputSize();

    /** A stepper for {@code batch} sequences from zero states, with the parameters as they are now. */
    ModelStepper stepper(int batch);
}
