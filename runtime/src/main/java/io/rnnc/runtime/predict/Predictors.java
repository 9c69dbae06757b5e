package io.rnnc.runtime.predict;

import com.google.gson.Gson;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.train.EncoderDecoder;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The predictor of a saved model's task, from the encoders its checkpoint keeps. */
public final class Predictors {
    private Predictors() {
    }

    /** The tasks a predictor answers for. */
    public static final List<String> TASKS = List.of("classify", "tag", "value", "regress", "seq2seq");

    /**
     * @param task the task, as {@code rnnc train --task} names it: one of {@link #TASKS}
     * @param encoders the checkpoint's encoders by name, as JSON
     * @param header whether the first line of a file to predict on is a header
     * @param steps rows of the windows a forecaster reads ({@code regress}; the training windows')
     * @param horizon steps ahead a forecaster forecasts ({@code regress})
     * @throws DataException when an encoder the task needs is missing or damaged
     * @throws IllegalArgumentException for a task without a predictor
     */
    public static Predictor of(String task, Learner model, Map<String, String> encoders, TsvPairs.Header header,
                               int steps, int horizon) {
        return switch (task) {
            case "classify" -> new ClassPredictor((Model) model, inputs(encoders, ClassPredictor.KEYS),
                    LabelEncoder.fromJson(encoder(encoders, ClassPredictor.LABELS), "the model"), header);
            case "tag" -> new TagPredictor((Model) model, inputs(encoders, TagPredictor.KEYS),
                    LabelEncoder.fromJson(encoder(encoders, TagPredictor.TAGS), "the model"), header);
            case "value" -> new ValuePredictor((Model) model, inputs(encoders, ValuePredictor.KEYS),
                    Standardizer.fromJson(encoder(encoders, ValuePredictor.TARGET_SCALING), "the model"), header);
            case "regress" -> forecaster((Model) model, encoders, header, steps, horizon);
            case "seq2seq" -> new TranslationPredictor((EncoderDecoder) model, inputs(encoders, TranslationPredictor.KEYS),
                    Vocabulary.fromJson(encoder(encoders, TranslationPredictor.TARGET), "the model"), header);
            default -> throw new IllegalArgumentException("no predictor answers for the task " + task);
        };
    }

    private static ForecastPredictor forecaster(Model model, Map<String, String> encoders, TsvPairs.Header header,
                                                int steps, int horizon) {
        List<String> columns = List.of(new Gson().fromJson(encoder(encoders, ForecastPredictor.COLUMNS), String[].class));
        int[] targets = Arrays.stream(new Gson().fromJson(encoder(encoders, ForecastPredictor.TARGETS), String[].class))
                .mapToInt(columns::indexOf).toArray();
        if (Arrays.stream(targets).anyMatch(i -> i < 0)) {
            throw new DataException("the model forecasts a column it does not read");
        }
        return new ForecastPredictor(model, columns, targets,
                Standardizer.fromJson(encoder(encoders, ForecastPredictor.SCALING), "the model"), horizon, steps, header);
    }

    private static SequenceEncoding inputs(Map<String, String> encoders, SequenceEncoding.Keys keys) {
        SequenceEncoding e = SequenceEncoding.saved(encoders, keys);
        if (e == null) {
            throw new DataException("the model keeps no " + keys.vocabulary() + " or " + keys.scaling()
                    + " to read its inputs with");
        }
        return e;
    }

    private static String encoder(Map<String, String> encoders, String name) {
        String json = encoders.get(name);
        if (json == null) {
            throw new DataException("the model keeps no " + name);
        }
        return json;
    }
}
