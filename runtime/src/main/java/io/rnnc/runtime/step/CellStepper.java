package io.rnnc.runtime.step;

import java.util.List;
import java.util.Map;

/**
 * One recurrent layer run a step at a time for a fixed number of sequences (the batch), its
 * states kept inside between calls. Inputs and outputs are row-major {@code [batch × size]}
 * arrays the caller owns, so that a step allocates nothing.
 */
public interface CellStepper {
    /** The sequences stepped together. */
    int batch();

    /** Values of x per sequence and step. */
    int inputSize();

    /** Values of the output per sequence and step. */
    int outputSize();

    /** Reads one step of input {@code x} and writes the output into {@code y}, moving the states on. */
    void step(double[] x, double[] y);

    /** The same for one-hot inputs: sequence b reads token {@code tokens[b]}. */
    void stepOneHot(int[] tokens, double[] y);

    /** The names of the states, in the cell's order. */
    List<String> stateNames();

    /** Each state's value now, {@code [batch][size]} by name (copies). */
    Map<String, double[][]> states();

    /** Sets the states, {@code [batch][size]} by name; a missing state becomes zeros. */
    void setStates(Map<String, double[][]> states);

    /** A place to save the states in, for {@link #save} and {@link #restore}. */
    Object newSnapshot();

    /** Copies the states into {@code snapshot}. */
    void save(Object snapshot);

    /** Sets the states to those saved in {@code snapshot}. */
    void restore(Object snapshot);
}
