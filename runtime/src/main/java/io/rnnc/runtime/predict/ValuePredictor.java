package io.rnnc.runtime.predict;

import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.train.Model;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Many-to-one regression: for each sequence (or {@code value<TAB>sequence} line, its value ignored) the predicted value. */
public final class ValuePredictor implements Predictor {
    /** How a line of the training data looks. */
    public static final String FORM = "value<TAB>sequence";
    /** Where a checkpoint keeps how values are standardised. */
    public static final String TARGET_SCALING = "target_scaling";
    /** Where a checkpoint keeps how the sequences are read. */
    public static final SequenceEncoding.Keys KEYS = new SequenceEncoding.Keys("vocabulary", "input_scaling");

    private final Model model;
    private final SequenceEncoding inputs;
    private final Standardizer values;
    private final TsvPairs.Header header;

    /**
     * @param values how the values were standardised for training: the model answers in those units
     * @param header whether the file's first line is a header
     */
    public ValuePredictor(Model model, SequenceEncoding inputs, Standardizer values, TsvPairs.Header header) {
        this.model = model;
        this.inputs = inputs;
        this.values = values;
        this.header = header;
    }

    @Override
    public void predict(String name, String text, int batch, PrintWriter out, PrintWriter err) {
        List<String> sequences = PredictionInputs.read(name, text, header, FORM, false, 1, err);
        out.println("value\tsequence");
        Batches.run(model, inputs, sequences, batch, x -> SequenceDataset.sequenceValues(x, x.stream()
                .map(s -> new double[1]).toList()), name, (chunk, b, output) -> {
                    double[][] y = output.sequences();
                    for (int i = 0; i < chunk.size(); i++) {
                        out.printf(Locale.ROOT, "%.6g\t%s%n", values.original(0, y[i][0]), TsvFields.escape(chunk.get(i)));
                    }
                });
    }
}
