package io.rnnc.spark;

import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Learner;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one or more partitions computed for a step, summed: the loss and the gradients of each
 * partition's share of the batch, each multiplied by its share's loss divisor (its weight), the
 * weights, and the states each partition carries to the next step. The whole batch's loss and
 * gradients are then the sums over the summed weight.
 *
 * @param weight the summed loss divisors
 * @param loss the summed weighted losses
 * @param grads the summed weighted gradients, in the parameters' order
 * @param carried the states each partition carries on, by partition (empty for independent batches)
 * @param sequences the sequences of the shares summed
 */
record GradientPart(double weight, double loss, double[][] grads, Map<Integer, Map<String, TensorData>> carried,
                    int sequences) implements Serializable {
    /**
     * The part of partition {@code partition}: its gradients {@code g} of a share of
     * {@code sequences} sequences whose loss divisor is {@code weight}.
     */
    static GradientPart of(int partition, double weight, Learner.Gradients g, List<String> names,
                           Map<String, TensorData> carried, int sequences) {
        double[][] grads = new double[names.size()][];
        for (int i = 0; i < grads.length; i++) {
            double[] d = g.grads().get(names.get(i)).data();
            grads[i] = new double[d.length];
            for (int j = 0; j < d.length; j++) {
                grads[i][j] = d[j] * weight;
            }
        }
        return new GradientPart(weight, g.loss() * weight, grads, carriedOf(partition, carried), sequences);
    }

    /** A partition without a share of this step's batch: no weight, zero gradients of these sizes. */
    static GradientPart none(int partition, Map<String, TensorData> carried, int[] sizes) {
        double[][] grads = new double[sizes.length][];
        for (int i = 0; i < grads.length; i++) {
            grads[i] = new double[sizes[i]];
        }
        return new GradientPart(0, 0, grads, carriedOf(partition, carried), 0);
    }

    private static Map<Integer, Map<String, TensorData>> carriedOf(int partition, Map<String, TensorData> carried) {
        Map<Integer, Map<String, TensorData>> out = new TreeMap<>();
        if (!carried.isEmpty()) {
            out.put(partition, carried);
        }
        return out;
    }

    /** The sum of two parts; the same whichever is first, as floating-point addition commutes. */
    GradientPart plus(GradientPart o) {
        double[][] sum = new double[grads.length][];
        for (int i = 0; i < grads.length; i++) {
            sum[i] = new double[grads[i].length];
            for (int j = 0; j < sum[i].length; j++) {
                sum[i][j] = grads[i][j] + o.grads[i][j];
            }
        }
        Map<Integer, Map<String, TensorData>> both = new TreeMap<>(carried);
        both.putAll(o.carried);
        return new GradientPart(weight + o.weight, loss + o.loss, sum, both, sequences + o.sequences);
    }

    /**
     * The whole batch's loss and gradients, shaped as {@code shapes}: the sums over the weight,
     * or zero where nothing in the batch counted (as one machine's loss gives).
     */
    Learner.Gradients mean(List<String> names, List<int[]> shapes) {
        double scale = weight == 0 ? 0 : 1 / weight;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            double[] d = new double[grads[i].length];
            for (int j = 0; j < d.length; j++) {
                d[j] = grads[i][j] * scale;
            }
            out.put(names.get(i), new Tensor(shapes.get(i).clone(), d));
        }
        return new Learner.Gradients(loss * scale, out, null);
    }
}
