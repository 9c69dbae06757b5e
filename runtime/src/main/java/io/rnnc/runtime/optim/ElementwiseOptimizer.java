package io.rnnc.runtime.optim;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bookkeeping shared by optimizers whose rule updates each parameter element from that
 * element's gradient and its own slots: argument checks, lazily created per-parameter state, step
 * counts, and saving and restoring that state. Subclasses supply only the update arithmetic.
 */
abstract class ElementwiseOptimizer implements Optimizer {

    private final String name;
    private final List<String> slotNames;
    private Map<String, ParameterState> perParameter = new LinkedHashMap<>();
    private long steps;

    /**
     * @param name the rule's name, as {@link #name()} returns it
     * @param slotNames the names of the tensors kept per parameter, in the order {@link #update}
     *     receives them; each is a prefix of the saved state's keys
     */
    ElementwiseOptimizer(String name, List<String> slotNames) {
        this.name = name;
        this.slotNames = List.copyOf(slotNames);
    }

    /**
     * Updates one parameter in place.
     *
     * @param param the parameter's values
     * @param grad its gradient, same length
     * @param slots this parameter's slot arrays, in the order given to the constructor
     * @param count how many updates this parameter has had, this one included (1 on the first)
     * @param lr the learning rate
     */
    abstract void update(double[] param, double[] grad, double[][] slots, long count, double lr);

    @Override
    public final void step(Map<String, Tensor> params, Map<String, Tensor> grads, double lr) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(grads, "grads");
        Hyperparameters.nonNegative("the learning rate", lr);
        checkShapes(params, grads);
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            Tensor grad = grads.get(e.getKey());
            if (grad != null) {
                Tensor param = e.getValue();
                ParameterState s = perParameter.computeIfAbsent(e.getKey(),
                        k -> ParameterState.fresh(slotNames.size(), param.shape()));
                s.count++;
                update(param.data(), grad.data(), s.slotData(), s.count, lr);
            }
        }
        steps++;
    }

    /** Checks every gradient against its parameter, and kept state against both, before anything changes. */
    private void checkShapes(Map<String, Tensor> params, Map<String, Tensor> grads) {
        for (Map.Entry<String, Tensor> e : grads.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String key = e.getKey();
            Tensor param = params.get(key);
            if (param == null) {
                throw new IllegalArgumentException("gradient `" + key + "` has no parameter of that name");
            }
            requireShape("gradient `" + key + "`", e.getValue(), param);
            ParameterState s = perParameter.get(key);
            for (int i = 0; s != null && i < slotNames.size(); i++) {
                requireShape("optimizer state `" + slotNames.get(i) + "." + key + "`", s.slots[i], param);
            }
        }
    }

    private static void requireShape(String what, Tensor t, Tensor param) {
        if (!Arrays.equals(t.shape(), param.shape())) {
            throw new IllegalArgumentException(what + " has shape " + t.shapeString() + " but its parameter has "
                    + param.shapeString());
        }
    }

    @Override
    public final Map<String, Tensor> state() {
        return SavedState.write(steps, perParameter, slotNames);
    }

    @Override
    public final void loadState(Map<String, Tensor> state) {
        Objects.requireNonNull(state, "state");
        SavedState.Contents loaded = SavedState.read(state, slotNames, name);
        steps = loaded.steps();
        perParameter = loaded.perParameter();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + " after " + steps + " steps";
    }
}
