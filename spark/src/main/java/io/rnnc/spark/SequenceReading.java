package io.rnnc.spark;

import io.rnnc.runtime.data.NumberSequences;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.Vocabulary;
import java.io.Serializable;
import java.util.Map;

/**
 * How a task reads its sequences, as the checkpoint keeps it under the task's names: text by a
 * vocabulary, or numbers (steps separated by spaces, a step's features by commas) standardised.
 */
final class SequenceReading implements Serializable {
    private final String vocabularyJson;
    private final String scalingJson;
    private transient Vocabulary vocabulary;
    private transient Standardizer scaling;

    private SequenceReading(String vocabularyJson, String scalingJson) {
        this.vocabularyJson = vocabularyJson;
        this.scalingJson = scalingJson;
    }

    /** The reading {@code encoders} keep: numbers where they hold {@code scalingKey}, else text. */
    static SequenceReading of(Map<String, String> encoders, String vocabularyKey, String scalingKey) {
        return encoders.containsKey(scalingKey) ? new SequenceReading(null, encoders.get(scalingKey))
                : new SequenceReading(encoders.get(vocabularyKey), null);
    }

    /** Features per step: the vocabulary's size, or the numbers' width. */
    int size() {
        return vocabularyJson != null ? vocabulary().size() : scaling().width();
    }

    /**
     * One sequence of the data.
     *
     * @param where the file and line, for errors
     */
    Sequence read(String field, String where) {
        if (vocabularyJson != null) {
            return new Sequence(vocabulary().encode(field, where), null);
        }
        return new Sequence(null, scaling().apply(NumberSequences.parse(field, scaling().width(), where)));
    }

    private Vocabulary vocabulary() {
        if (vocabulary == null) {
            vocabulary = Vocabulary.fromJson(vocabularyJson, "the run's vocabulary");
        }
        return vocabulary;
    }

    private Standardizer scaling() {
        if (scaling == null) {
            scaling = Standardizer.fromJson(scalingJson, "the run's standardisation");
        }
        return scaling;
    }
}
