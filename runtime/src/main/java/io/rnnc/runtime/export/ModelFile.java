package io.rnnc.runtime.export;

import io.rnnc.runtime.step.CellPlan;
import java.util.List;

/**
 * What an exported model's jar says about the model, as JSON beside its parameters: the task,
 * the vocabulary, and for each recurrent layer the plans of its step (one with the kernels'
 * vector loops, one with scalar loops for a JVM started without the Vector API). The kernels'
 * class files lie in the jar under their own names.
 *
 * @param task what the model does: {@code lm} generates text
 * @param vocabulary the vocabulary as {@link io.rnnc.runtime.data.Vocabulary#toJson()} writes it
 * @param layers per recurrent layer, its plans
 */
public record ModelFile(String task, String vocabulary, List<List<CellPlan>> layers) {
    /** Where the jar holds this file, as JSON. */
    public static final String RESOURCE = "rnnc-model/model.json";
    /** Where the jar holds the parameters, a safetensors file (recurrent layer k's with the suffix {@code _l{k}}, the head's as {@code head.weight}, {@code head.bias}). */
    public static final String PARAMETERS = "rnnc-model/parameters.safetensors";
}
