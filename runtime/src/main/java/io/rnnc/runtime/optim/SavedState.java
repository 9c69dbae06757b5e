package io.rnnc.runtime.optim;

import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts an optimizer's state to and from the flat name-to-tensor map of {@link Optimizer#state()}:
 * {@code step}, then per parameter {@code step.<param>} and {@code <slot>.<param>}.
 */
final class SavedState {

    private static final String STEP = "step";
    private static final String STEP_PREFIX = "step.";
    /** Counts are stored as doubles; beyond 2^53 they would no longer be whole numbers exactly. */
    private static final double LARGEST_EXACT_COUNT = 0x1p53;

    /** The optimizer's own state, as read back from a saved map. */
    record Contents(long steps, Map<String, ParameterState> perParameter) {
    }

    private SavedState() {
    }

    /** Writes a snapshot: counts as 1-element tensors, slots copied. */
    static Map<String, Tensor> write(long steps, Map<String, ParameterState> perParameter, List<String> slotNames) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(STEP, countTensor(steps));
        for (Map.Entry<String, ParameterState> e : perParameter.entrySet()) {
            ParameterState s = e.getValue();
            out.put(STEP_PREFIX + e.getKey(), countTensor(s.count));
            for (int i = 0; i < slotNames.size(); i++) {
                out.put(slotNames.get(i) + "." + e.getKey(), s.slots[i].copy());
            }
        }
        return out;
    }

    /** Reads a map written by {@link #write}, copying its tensors; every key is accounted for. */
    static Contents read(Map<String, Tensor> state, List<String> slotNames, String optimizer) {
        List<String> params = new ArrayList<>();
        for (String key : state.keySet()) {
            if (key.startsWith(STEP_PREFIX)) {
                params.add(key.substring(STEP_PREFIX.length()));
            }
        }
        requireOnlyKnownKeys(state, params, slotNames, optimizer);
        Map<String, ParameterState> perParameter = new LinkedHashMap<>();
        for (String param : params) {
            perParameter.put(param, new ParameterState(readCount(state, STEP_PREFIX + param),
                    readSlots(state, slotNames, param)));
        }
        return new Contents(readCount(state, STEP), perParameter);
    }

    /** Refuses keys this optimizer would never write, which usually means another optimizer's state. */
    private static void requireOnlyKnownKeys(Map<String, Tensor> state, List<String> params, List<String> slotNames,
            String optimizer) {
        Set<String> known = new HashSet<>();
        known.add(STEP);
        for (String param : params) {
            known.add(STEP_PREFIX + param);
            slotNames.forEach(slot -> known.add(slot + "." + param));
        }
        for (String key : state.keySet()) {
            if (!known.contains(key)) {
                throw unexpectedKey(key, slotNames, optimizer);
            }
        }
    }

    private static Tensor[] readSlots(Map<String, Tensor> state, List<String> slotNames, String param) {
        Tensor[] slots = new Tensor[slotNames.size()];
        for (int i = 0; i < slots.length; i++) {
            String key = slotNames.get(i) + "." + param;
            Tensor t = require(state, key);
            if (i > 0 && !Arrays.equals(t.shape(), slots[0].shape())) {
                throw new IllegalArgumentException("optimizer state `" + key + "` has shape " + t.shapeString()
                        + " but `" + slotNames.get(0) + "." + param + "` has " + slots[0].shapeString());
            }
            slots[i] = t.copy();
        }
        return slots;
    }

    private static long readCount(Map<String, Tensor> state, String key) {
        Tensor t = require(state, key);
        if (t.size() != 1) {
            throw new IllegalArgumentException("optimizer state `" + key + "` must hold one count but has shape "
                    + t.shapeString());
        }
        double v = t.data()[0];
        if (!(v >= 0 && v <= LARGEST_EXACT_COUNT && v == Math.rint(v))) {
            throw new IllegalArgumentException("optimizer state `" + key + "` must be a whole number >= 0 but is " + v);
        }
        return (long) v;
    }

    private static Tensor require(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException("optimizer state has no `" + key + "`");
        }
        return t;
    }

    private static IllegalArgumentException unexpectedKey(String key, List<String> slotNames, String optimizer) {
        for (String slot : slotNames) {
            if (key.startsWith(slot + ".")) {
                String param = key.substring(slot.length() + 1);
                return new IllegalArgumentException("optimizer state has `" + key + "` but no step count `"
                        + STEP_PREFIX + param + "`");
            }
        }
        return new IllegalArgumentException("optimizer state key `" + key + "` does not belong to " + optimizer
                + ", whose state holds step, step.<param>" + slotList(slotNames));
    }

    private static String slotList(List<String> slotNames) {
        StringBuilder s = new StringBuilder();
        for (String slot : slotNames) {
            s.append(", ").append(slot).append(".<param>");
        }
        return s.toString();
    }

    private static Tensor countTensor(long count) {
        return new Tensor(new int[] {1}, new double[] {count});
    }
}
