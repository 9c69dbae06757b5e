package io.rnnc.spark;

import io.rnnc.runtime.data.ExampleSet;
import io.rnnc.runtime.data.SequenceDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Classified sequences.
 *
 * @param inputs each example's sequence
 * @param vocabulary the number of distinct tokens of text sequences (the one-hot width)
 * @param labels each example's class
 */
record LabelledExamples(List<Sequence> inputs, int vocabulary, int[] labels) implements Examples {
    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public ExampleSet build() {
        List<double[][]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            x.add(inputs.get(i).steps(vocabulary));
            y.add(labels[i]);
        }
        return SequenceDataset.sequenceClasses(x, y);
    }
}
