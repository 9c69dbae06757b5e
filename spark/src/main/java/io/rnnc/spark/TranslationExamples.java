package io.rnnc.spark;

import io.rnnc.runtime.data.ExampleSet;
import io.rnnc.runtime.data.SequenceDataset;
import java.util.ArrayList;
import java.util.List;

/**
 * Pairs of a source sequence and a target sequence of characters, for an encoder-decoder.
 *
 * @param sources each source
 * @param sourceVocabulary the number of distinct tokens of text sources (the one-hot width)
 * @param targets each target's character ids
 * @param targetVocabulary the number of distinct target characters
 */
record TranslationExamples(List<Sequence> sources, int sourceVocabulary, List<int[]> targets, int targetVocabulary)
        implements Examples {
    @Override
    public int size() {
        return sources.size();
    }

    @Override
    public ExampleSet build() {
        List<double[][]> x = new ArrayList<>();
        for (Sequence source : sources) {
            x.add(source.steps(sourceVocabulary));
        }
        return SequenceDataset.translations(x, targets, targetVocabulary);
    }
}
