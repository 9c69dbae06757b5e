package io.rnnc.compiler.model;

import io.rnnc.compiler.check.Shape;
import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.tensor.HeapLimit;
import java.util.Map;

/**
 * What a model around a cell needs in memory, worked out from its sizes before anything is
 * allocated, in 64-bit arithmetic that cannot wrap round: so that a hidden size of 10^9, a
 * vocabulary of 10^8 or batches of T·B·H beyond the heap are refused with the numbers, instead
 * of ending in an OutOfMemoryError or an int that overflowed.
 *
 * @param parameters the model's parameters, in all
 * @param perStep values one sequence's step holds: inputs, outputs and their gradients, and what
 *     the recurrent layers keep for the backward pass (every state and value of the cell)
 */
public record MemoryEstimate(long parameters, long perStep) {
    /** Parameters, their gradients and an optimizer's two moments, as Adam keeps them. */
    private static final int TRAINING_COPIES = 4;

    /** The estimate of {@code spec}'s model around {@code cell}. */
    public static MemoryEstimate of(TypedCell cell, ModelSpec spec) {
        long params = 0;
        long width = spec.input();
        ModelSpec.FrontEnd front = spec.front();
        long perStep = HeapLimit.multiply(3, width);
        if (front.dense() > 0) {
            params = HeapLimit.add(params, HeapLimit.multiply(HeapLimit.add(width, 1), front.dense()));
            width = front.dense();
        }
        if (front.convChannels() > 0) {
            params = HeapLimit.add(params, HeapLimit.multiply(HeapLimit.add(HeapLimit.multiply(width, front.convKernel()), 1),
                    front.convChannels()));
            width = front.convChannels();
        }
        int directions = spec.bidirectional() ? 2 : 1;
        for (int k = 0; k < spec.layers(); k++) {
            Map<String, Integer> sizes = cell.sizes(spec.hidden(), (int) Math.min(width, Integer.MAX_VALUE),
                    spec.sizes(), spec.hidden());
            MemoryEstimate layer = layer(cell, sizes);
            params = HeapLimit.add(params, HeapLimit.multiply(layer.parameters(), directions));
            perStep = HeapLimit.add(perStep, HeapLimit.multiply(layer.perStep(), directions));
            TypedCell.Value out = cell.value(cell.output());
            TypedCell.State outState = cell.state(cell.output());
            long outSize = out != null ? length(out.shape(), sizes) : outState != null ? value(outState.size(), sizes)
                    : spec.hidden();
            width = HeapLimit.multiply(outSize, directions);
        }
        if (!spec.cellOutput()) {
            params = HeapLimit.add(params, HeapLimit.multiply(HeapLimit.add(width, 1), spec.output()));
        }
        return new MemoryEstimate(params, HeapLimit.add(perStep, HeapLimit.multiply(3, spec.output())));
    }

    /**
     * One layer of {@code cell} at {@code sizes} (H, X and its size parameters): its parameters,
     * and per step its input, output and what it keeps (every state and value of the cell).
     */
    public static MemoryEstimate layer(TypedCell cell, Map<String, Integer> sizes) {
        long params = 0;
        for (TypedCell.Param p : cell.params()) {
            params = HeapLimit.add(params, switch (p.kind()) {
                case MATRIX -> HeapLimit.multiply(value(p.rows(), sizes), value(p.cols(), sizes));
                case VECTOR -> value(p.rows(), sizes);
                case SCALAR -> 1;
            });
        }
        long kept = HeapLimit.multiply(3, sizes.getOrDefault(TypedCell.INPUT, 0));
        for (TypedCell.State s : cell.states()) {
            kept = HeapLimit.add(kept, value(s.size(), sizes));
        }
        for (TypedCell.Value v : cell.values()) {
            kept = HeapLimit.add(kept, length(v.shape(), sizes));
        }
        return new MemoryEstimate(params, kept);
    }

    /**
     * Refuses a model whose parameters would not fit in the heap.
     *
     * @param training with their gradients and the optimizer's state
     * @throws HeapLimit.Exceeded with the memory needed and the heap's size
     */
    public void requireParameters(ModelSpec spec, boolean training) {
        HeapLimit.require(parameterBytes(training), "a model of " + parameters + " parameters" + of(spec)
                + (training ? " (with their gradients and the optimizer's state)" : ""), Remedy.SMALLER_MODEL);
    }

    /**
     * Refuses training batches of {@code steps} × {@code batch} sequences whose model and arrays
     * would not fit in the heap.
     *
     * @throws HeapLimit.Exceeded with the memory needed and the heap's size
     */
    public void requireTraining(ModelSpec spec, int steps, int batch) {
        requireTraining(of(spec), steps, batch, spec.input() > 1 << 16 ? "; the inputs are one-hot vectors of "
                + spec.input() + " tokens: a smaller vocabulary helps most" : "");
    }

    /**
     * As {@link #requireTraining(ModelSpec, int, int)} for what {@code model} describes ("
     * (hidden size 10, 4 inputs)").
     */
    public void requireTraining(String model, int steps, int batch) {
        requireTraining(model, steps, batch, "");
    }

    /** @param note ends the problem, or is empty */
    private void requireTraining(String model, int steps, int batch, String note) {
        long batchBytes = HeapLimit.multiply(HeapLimit.multiply(HeapLimit.multiply(steps, batch), perStep),
                Double.BYTES);
        HeapLimit.require(HeapLimit.add(parameterBytes(true), batchBytes), "training " + parameters + " parameters"
                + model + " on batches of " + steps + " steps × " + batch + " sequences ("
                + HeapLimit.format(batchBytes) + " for a batch's inputs, outputs and the " + perStep
                + " values a step of a sequence keeps" + note + ")", Remedy.SMALLER_TRAINING);
    }

    private long parameterBytes(boolean training) {
        return HeapLimit.multiply(HeapLimit.multiply(parameters, Double.BYTES), training ? TRAINING_COPIES : 1);
    }

    /** The sizes of {@code spec}, for a sentence. */
    private static String of(ModelSpec spec) {
        return " (hidden size " + spec.hidden() + ", " + spec.input() + " inputs, " + spec.output() + " outputs)";
    }

    private static long length(Shape shape, Map<String, Integer> sizes) {
        return shape.isVector() ? value(shape.size(), sizes) : 1;
    }

    /** A size's value in 64 bits: 4H is 4·10^9 for H = 10^9. */
    private static long value(Size size, Map<String, Integer> sizes) {
        long v = size.constant();
        for (Map.Entry<String, Integer> term : size.terms().entrySet()) {
            v = HeapLimit.add(v, HeapLimit.multiply(term.getValue(), sizes.getOrDefault(term.getKey(), 0)));
        }
        return Math.max(v, 0);
    }
}
