package io.rnnc.runtime.predict;

import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.loss.SoftmaxCrossEntropy;
import io.rnnc.runtime.train.Model;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sequence classification: for each text (or {@code label<TAB>text} line, its label ignored) the
 * likeliest class, each class's probability, and the text, tab-separated.
 */
public final class ClassPredictor implements Predictor {
    /** How a line of the training data looks. */
    public static final String FORM = "label<TAB>text";
    /** Where a checkpoint keeps the labels. */
    public static final String LABELS = "labels";
    /** Where a checkpoint keeps how the sequences are read. */
    public static final SequenceEncoding.Keys KEYS = new SequenceEncoding.Keys("vocabulary", "input_scaling");

    private final Model model;
    private final SequenceEncoding inputs;
    private final LabelEncoder labels;
    private final TsvPairs.Header header;

    /** @param header whether the file's first line is a header */
    public ClassPredictor(Model model, SequenceEncoding inputs, LabelEncoder labels, TsvPairs.Header header) {
        this.model = model;
        this.inputs = inputs;
        this.labels = labels;
        this.header = header;
    }

    @Override
    public void predict(String name, String text, int batch, PrintWriter out, PrintWriter err) {
        List<String> texts = PredictionInputs.read(name, text, header, FORM, true, 1, err);
        List<String> head = new ArrayList<>(List.of("class"));
        for (int c = 0; c < labels.size(); c++) {
            head.add("p(" + TsvFields.escape(labels.decode(c)) + ")");
        }
        head.add("text");
        out.println(String.join("\t", head));
        Batches.run(model, inputs, texts, batch, x -> SequenceDataset.sequenceClasses(x, x.stream().map(s -> 0).toList()),
                name, (chunk, b, output) -> {
                    double[][] logits = output.sequences();
                    for (int i = 0; i < chunk.size(); i++) {
                        StringBuilder line = new StringBuilder(TsvFields.escape(labels.decode(Sampler.argmax(logits[i]))));
                        for (double p : SoftmaxCrossEntropy.softmax(logits[i])) {
                            line.append('\t').append(String.format(Locale.ROOT, "%.4f", p));
                        }
                        out.println(line.append('\t').append(TsvFields.escape(chunk.get(i))));
                    }
                });
    }
}
