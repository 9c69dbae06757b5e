package io.rnnc.runtime.predict;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;

/** Inputs run through a model {@code batch} at a time, in order. */
final class Batches {
    private Batches() {
    }

    /** What is printed for one batch of inputs. */
    interface Answers {
        void print(List<String> inputs, Batch batch, Model.Output out);
    }

    /**
     * @param dataset the inputs' encoded sequences as the task's dataset (its targets unused)
     * @param name the file's name, for errors
     */
    static void run(Model model, SequenceEncoding encoding, List<String> inputs, int batch,
                    Function<List<double[][]>, SequenceDataset> dataset, String name, Answers answers) {
        for (int from = 0; from < inputs.size(); from += batch) {
            List<String> chunk = inputs.subList(from, Math.min(inputs.size(), from + batch));
            List<double[][]> x = new ArrayList<>();
            chunk.forEach(s -> x.add(encoding.encode(s, name)));
            Batch b = dataset.apply(x).batch(IntStream.range(0, chunk.size()).toArray());
            answers.print(chunk, b, model.forward(b, States.zero(), false));
        }
    }
}
