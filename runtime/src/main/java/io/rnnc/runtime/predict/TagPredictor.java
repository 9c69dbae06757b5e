package io.rnnc.runtime.predict;

import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.train.Model;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Tagging: for each sentence (or {@code tokens<TAB>tags} line, its tags ignored) the tokens and a tag for each. */
public final class TagPredictor implements Predictor {
    /** How a line of the training data looks. */
    public static final String FORM = "tokens<TAB>tags";
    /** Where a checkpoint keeps the tags. */
    public static final String TAGS = "tags";
    /** Where a checkpoint keeps how the sentences are read. */
    public static final SequenceEncoding.Keys KEYS = new SequenceEncoding.Keys("word_vocabulary", "input_scaling");

    private final Model model;
    private final SequenceEncoding inputs;
    private final LabelEncoder tags;
    private final TsvPairs.Header header;

    /** @param header whether the file's first line is a header */
    public TagPredictor(Model model, SequenceEncoding inputs, LabelEncoder tags, TsvPairs.Header header) {
        this.model = model;
        this.inputs = inputs;
        this.tags = tags;
        this.header = header;
    }

    @Override
    public void predict(String name, String text, int batch, PrintWriter out, PrintWriter err) {
        List<String> sentences = PredictionInputs.read(name, text, header, FORM, false, 0, err);
        out.println("tokens\ttags");
        Batches.run(model, inputs, sentences, batch, x -> SequenceDataset.stepClasses(x, x.stream()
                .map(s -> new int[s.length]).toList()), name, (chunk, b, output) -> {
                    double[][][] y = output.steps();
                    for (int i = 0; i < chunk.size(); i++) {
                        List<String> tagged = new ArrayList<>();
                        for (int t = 0; t < b.lengths()[i]; t++) {
                            tagged.add(tags.decode(Sampler.argmax(y[t][i])));
                        }
                        out.println(TsvFields.escape(chunk.get(i).strip()) + "\t" + String.join(" ", tagged));
                    }
                });
    }
}
