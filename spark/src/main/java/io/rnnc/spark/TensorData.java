package io.rnnc.spark;

import io.rnnc.runtime.tensor.Tensor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tensor's shape and values as Spark sends them (the runtime's tensors are not serializable).
 *
 * @param shape the dimensions
 * @param data the values, row-major
 */
record TensorData(int[] shape, double[] data) implements Serializable {
    static TensorData of(Tensor t) {
        return new TensorData(t.shape().clone(), t.data().clone());
    }

    Tensor tensor() {
        return new Tensor(shape.clone(), data.clone());
    }

    /** Every tensor of {@code tensors}, in their order. */
    static Map<String, TensorData> all(Map<String, Tensor> tensors) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, of(t)));
        return out;
    }

    /** The runtime's tensors of {@code data}, in their order. */
    static Map<String, Tensor> tensors(Map<String, TensorData> data) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        data.forEach((name, d) -> out.put(name, d.tensor()));
        return out;
    }
}
