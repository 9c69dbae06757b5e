package io.rnnc.cli;

import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.data.Vocabulary;
import java.io.PrintWriter;
import java.util.Map;

/** The tasks `rnnc train` knows, by name. */
final class Tasks {
    private Tasks() {
    }

    /**
     * The task {@code data} names, on {@code in}.
     *
     * @param saved a checkpoint's encoders (its vocabulary, labels, columns), or empty for a new run
     * @param err where what was detected in the files is announced
     */
    static Task read(RunConfig.Data data, TaskInput in, Map<String, String> saved, PrintWriter err) {
        if (data.frames() != null) {
            return FramesTask.read(data, in, saved);
        }
        return switch (data.task()) {
            case "lm" -> LanguageModelTask.read(in, vocabulary(saved), level(data.level()), err);
            case "classify" -> ClassifyTask.read(in, saved, err);
            case "regress" -> RegressTask.read(in, data.target(), saved.get(RegressTask.COLUMNS));
            case "seq2seq" -> TranslationTask.read(in, saved, err);
            case "tag" -> throw new UsageError("--task tag learns a class for every frame of image sequences; give "
                    + "their shape with --frames HxWxC");
            default -> throw new UsageError("--task must be lm, classify, regress, seq2seq or tag, not `" + data.task()
                    + "`");
        };
    }

    private static Vocabulary vocabulary(Map<String, String> saved) {
        String json = saved.get(LanguageModelTask.VOCABULARY);
        return json == null ? null : Vocabulary.fromJson(json, "the checkpoint");
    }

    private static Vocabulary.Level level(String level) {
        return switch (level) {
            case "char" -> Vocabulary.Level.CHARACTER;
            case "word" -> Vocabulary.Level.WORD;
            default -> throw new UsageError("--level must be char or word, not `" + level + "`");
        };
    }
}
