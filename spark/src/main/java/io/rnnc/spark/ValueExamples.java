package io.rnnc.spark;

import io.rnnc.runtime.data.ExampleSet;
import io.rnnc.runtime.data.SequenceDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequences each with one value to predict (standardised).
 *
 * @param inputs each example's sequence
 * @param vocabulary the number of distinct tokens of text sequences (the one-hot width)
 * @param values each example's value, standardised, as a vector of one
 */
record ValueExamples(List<Sequence> inputs, int vocabulary, List<double[]> values) implements Examples {
    @Override
    public int size() {
        return values.size();
    }

    @Override
    public ExampleSet build() {
        List<double[][]> x = new ArrayList<>();
        for (Sequence s : inputs) {
            x.add(s.steps(vocabulary));
        }
        return SequenceDataset.sequenceValues(x, values);
    }
}
