package io.rnnc.runtime.optim;

import io.rnnc.runtime.tensor.Tensor;

/** The running state an optimizer keeps for one parameter: its update count and its slot tensors. */
final class ParameterState {

    /** How many updates this parameter has received; bias corrections and first steps read it. */
    long count;

    /** One tensor per slot of the optimizer (for example the first and second moments), each shaped like the parameter. */
    final Tensor[] slots;

    ParameterState(long count, Tensor[] slots) {
        this.count = count;
        this.slots = slots;
    }

    /** A fresh state for a parameter of the given shape: no updates yet, every slot zero. */
    static ParameterState fresh(int slotCount, int[] shape) {
        Tensor[] slots = new Tensor[slotCount];
        for (int i = 0; i < slotCount; i++) {
            slots[i] = Tensor.zeros(shape);
        }
        return new ParameterState(0, slots);
    }

    /** The slots' backing arrays, in slot order, for the update loops. */
    double[][] slotData() {
        double[][] data = new double[slots.length][];
        for (int i = 0; i < slots.length; i++) {
            data[i] = slots[i].data();
        }
        return data;
    }
}
