package io.rnnc.runtime.data;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Class labels and their ids (seed 000's label encoder): ids follow the labels' sorted order. */
public final class LabelEncoder {
    private final List<String> labels;
    private final Map<String, Integer> ids = new HashMap<>();

    private LabelEncoder(List<String> labels) {
        this.labels = List.copyOf(labels);
        for (int i = 0; i < labels.size(); i++) {
            ids.put(labels.get(i), i);
        }
    }

    /** The encoder of every distinct label in {@code seen}. */
    public static LabelEncoder fit(Collection<String> seen) {
        return new LabelEncoder(List.copyOf(new TreeSet<>(seen)));
    }

    /** Number of classes. */
    public int size() {
        return labels.size();
    }

    /**
     * The id of {@code label}.
     *
     * @throws DataException naming {@code where} for a label the encoder was not fitted on
     */
    public int encode(String label, String where) {
        Integer id = ids.get(label);
        if (id == null) {
            throw new DataException(where + ": label `" + label + "` is not one of the " + size() + " the model knows ("
                    + String.join(", ", labels.size() <= 10 ? labels : labels.subList(0, 10)) + (labels.size() > 10 ? ", …" : "")
                    + "); evaluate on examples of those labels, or train a model that has it");
        }
        return id;
    }

    /** The label with this id. */
    public String decode(int id) {
        return labels.get(id);
    }

    /** The labels as JSON, for a checkpoint. */
    public String toJson() {
        return new Gson().toJson(labels);
    }

    /** The encoder {@link #toJson()} wrote; a {@link DataException} naming {@code where} if it is not one. */
    public static LabelEncoder fromJson(String json, String where) {
        try {
            String[] labels = new Gson().fromJson(json, String[].class);
            if (labels == null || new TreeSet<>(List.of(labels)).size() != labels.length) {
                throw new DataException(where + ": the label list is empty or lists a label twice");
            }
            return new LabelEncoder(List.of(labels));
        } catch (JsonParseException | NullPointerException e) {
            throw new DataException(where + ": the label list is not valid JSON");
        }
    }
}
