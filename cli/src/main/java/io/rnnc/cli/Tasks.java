package io.rnnc.cli;

import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.data.Vocabulary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The tasks `rnnc train` knows, by name. */
public final class Tasks {
    private Tasks() {
    }

    /**
     * The task {@code data} names, on {@code in}.
     *
     * @param saved a checkpoint's encoders (its vocabulary, labels, columns), or empty for a new run
     * @param err where what was detected in the files is announced
     */
    public static Task read(RunConfig.Data data, TaskInput in, Map<String, String> saved, PrintWriter err) {
        if (data.frames() != null) {
            return FramesTask.read(data, in, saved);
        }
        if (in.train() != null && holdsImageSequences(in.train().path())) {
            throw new UsageError(in.train().name() + " holds image sequences; give the shape of their frames with "
                    + "--frames HxWxC");
        }
        return switch (data.task()) {
            case "lm" -> LanguageModelTask.read(in, vocabulary(saved), in.level(), err);
            case "classify" -> ClassifyTask.read(in, saved, err);
            case "regress" -> RegressTask.read(in, data, saved, err);
            case "value" -> ValueTask.read(in, saved, err);
            case "tag" -> TagTask.read(in, saved, err);
            case "seq2seq" -> TranslationTask.read(in, saved, err);
            default -> throw new UsageError("--task must be one of " + String.join(", ", RunConfig.Data.TASKS) + ", not `"
                    + data.task() + "`");
        };
    }

    /** Whether {@code file} is where image sequences are kept: an .npz or .safetensors file, or a directory. */
    private static boolean holdsImageSequences(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        return name.endsWith(".npz") || name.endsWith(".safetensors") || Files.isDirectory(file);
    }

    private static Vocabulary vocabulary(Map<String, String> saved) {
        String json = saved.get(LanguageModelTask.VOCABULARY);
        return json == null ? null : Vocabulary.fromJson(json, "the checkpoint");
    }
}
