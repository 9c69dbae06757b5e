package io.rnnc.runtime.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.rnnc.runtime.data.DataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's metrics file: what training logged at each step, kept beside the checkpoint
 * ({@code model.safetensors} → {@code model.metrics.jsonl}) for plots, reports and comparisons.
 *
 * <p>The format is JSON Lines: UTF-8 text, one JSON object per line, one line per logged step.
 * <ul>
 *   <li>{@code step} (required): the training step, an integer ≥ 0: updates made so far.
 *   <li>Every other field is a named value: a JSON number, or {@code null} for a value that was
 *       not a finite number (a diverged loss). Any field may be absent from a line: the held-out
 *       fields appear only on the steps where the run evaluated. The names in use:
 *       {@value #EPOCH} (epochs begun, from 1), {@value #TRAIN_LOSS} (training loss at the step,
 *       per token or sequence as the task counts it), {@value #EVAL_LOSS} (held-out loss), the
 *       task's metric under its own name (e.g. {@code accuracy}, {@code exact_match}),
 *       {@value #LR} (learning rate of the step's update), {@value #GRAD_NORM} (global gradient
 *       norm before clipping), {@value #SEQ_PER_S} (training sequences per second since the
 *       previous line), {@value #WALL_S} (seconds since the run started, resumed runs
 *       continuing the count). Names are lower-case letters, digits and underscores; readers
 *       keep the fields they do not know.
 *   <li>Steps increase from line to line. A line whose step is not greater than the line before
 *       it starts where a resumed run went on from an earlier checkpoint: it replaces the lines
 *       before it from its step on.
 *   <li>Each line is written whole and flushed, so a file can be read while its run goes on;
 *       a last line without its newline that does not parse is a line still being written, and
 *       readers skip it.
 * </ul>
 * Example: <pre>{@code
 * {"step":100,"epoch":1,"train_loss":1.8423,"lr":0.003,"grad_norm":0.91,"seq_per_s":412.5,"wall_s":8.4}
 * {"step":200,"epoch":2,"train_loss":1.5210,"eval_loss":1.6016,"accuracy":0.54,"lr":0.003,"grad_norm":0.77,"seq_per_s":420.1,"wall_s":16.2}
 * }</pre>
 */
public final class MetricsLog {
    /** The training step; the one required field. */
    public static final String STEP = "step";
    /** Epochs begun, from 1. */
    public static final String EPOCH = "epoch";
    /** The training loss at the step. */
    public static final String TRAIN_LOSS = "train_loss";
    /** The held-out loss, on the steps where the run evaluated. */
    public static final String EVAL_LOSS = "eval_loss";
    /** The learning rate of the step's update. */
    public static final String LR = "lr";
    /** The global gradient norm before clipping. */
    public static final String GRAD_NORM = "grad_norm";
    /** Training sequences per second since the previous line. */
    public static final String SEQ_PER_S = "seq_per_s";
    /** Seconds since the run started. */
    public static final String WALL_S = "wall_s";
    /** The file name's ending, after the checkpoint's name without {@code .safetensors}. */
    public static final String SUFFIX = ".metrics.jsonl";

    private MetricsLog() {
    }

    /** The metrics file of the run whose checkpoint is {@code checkpoint}: beside it, named after it. */
    public static Path besideCheckpoint(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        String base = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return checkpoint.resolveSibling(base + SUFFIX);
    }

    /**
     * The steps {@code file} holds, a resumed run's lines replacing those they go back over.
     *
     * @throws DataException naming the file (and line) when it is missing, unreadable or not in this format
     */
    public static List<LoggedStep> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the file (" + e.getMessage() + ")");
        }
        String[] lines = text.split("\n", -1);
        List<LoggedStep> steps = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            boolean stillBeingWritten = i == lines.length - 1;
            LoggedStep step;
            try {
                step = parse(line);
            } catch (DataException e) {
                if (stillBeingWritten) {
                    break;
                }
                throw new DataException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
            steps.removeIf(earlier -> earlier.step() >= step.step());
            steps.add(step);
        }
        return steps;
    }

    private static LoggedStep parse(String line) {
        JsonObject object;
        try {
            JsonReader reader = new JsonReader(new StringReader(line));
            reader.setStrictness(Strictness.STRICT);
            JsonElement json = JsonParser.parseReader(reader);
            if (!json.isJsonObject() || reader.peek() != JsonToken.END_DOCUMENT) {
                throw new DataException("is not one JSON object");
            }
            object = json.getAsJsonObject();
        } catch (JsonParseException | IOException e) {
            throw new DataException("is not JSON (" + e.getMessage() + ")");
        }
        JsonElement step = object.get(STEP);
        if (step == null || !isNumber(step) || !step.getAsString().matches("\\d+")) {
            throw new DataException("needs `step`, a whole number 0 or more");
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> field : object.entrySet()) {
            String name = field.getKey();
            if (name.equals(STEP)) {
                continue;
            }
            if (!LoggedStep.isName(name)) {
                throw new DataException("`" + name + "` is not a metric name (lower-case letters, digits, underscores)");
            }
            JsonElement v = field.getValue();
            if (v.isJsonNull()) {
                values.put(name, Double.NaN);
            } else if (isNumber(v)) {
                values.put(name, v.getAsDouble());
            } else {
                throw new DataException("`" + name + "` is " + v + ", not a number or null");
            }
        }
        return new LoggedStep(step.getAsLong(), values);
    }

    private static boolean isNumber(JsonElement e) {
        return e instanceof JsonPrimitive p && p.isNumber();
    }

    /**
     * Starts a new metrics file at {@code file}, replacing any.
     *
     * @throws IOException when the file cannot be created
     */
    public static Appender create(Path file) throws IOException {
        return new Appender(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /**
     * Continues the metrics file at {@code file} (a resumed run), creating it if missing.
     *
     * @throws IOException when the file cannot be opened
     */
    public static Appender append(Path file) throws IOException {
        return new Appender(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    /** Writes logged steps to a metrics file, one line each, flushed as it is written. */
    public static final class Appender implements Closeable {
        private final Writer out;

        private Appender(Writer out) {
            this.out = out;
        }

        /**
         * Writes {@code step} as one line.
         *
         * @throws IOException when the file cannot be written
         */
        public void write(LoggedStep step) throws IOException {
            out.write(line(step));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The line a step is written as, newline included. */
    static String line(LoggedStep step) {
        StringBuilder line = new StringBuilder("{\"" + STEP + "\":").append(step.step());
        step.values().forEach((name, value) -> line.append(",\"").append(name).append("\":").append(number(value)));
        return line.append("}\n").toString();
    }

    /** Whole numbers without a fraction ({@code 3}, not {@code 3.0}); others as Java prints doubles, which JSON reads; null when not finite. */
    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
