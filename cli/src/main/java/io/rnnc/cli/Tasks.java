package io.rnnc.cli;

import io.rnnc.runtime.data.TextFiles;
import io.rnnc.runtime.data.Vocabulary;
import java.nio.file.Path;
import java.util.Map;

/** The tasks `rnnc train` knows, by name. */
final class Tasks {
    private Tasks() {
    }

    /**
     * The task {@code name} on {@code data}.
     *
     * @param saved a checkpoint's settings (its vocabulary, labels), or empty for a new run
     */
    static Task of(String name, Path data, String level, String target, Map<String, String> saved) {
        String text = TextFiles.read(data);
        return switch (name) {
            case "lm" -> new LanguageModelTask(text, vocabulary(text, level, saved), data.toString());
            case "classify" -> ClassifyTask.read(text, data.toString(), saved);
            case "regress" -> RegressTask.read(text, data.toString(), target);
            case "seq2seq" -> TranslationTask.read(text, data.toString(), saved);
            default -> throw new UsageError("--task must be lm, classify, regress or seq2seq, not `" + name + "`");
        };
    }

    private static Vocabulary vocabulary(String text, String level, Map<String, String> saved) {
        String json = saved.get(LanguageModelTask.VOCABULARY);
        if (json != null) {
            return Vocabulary.fromJson(json, "the checkpoint");
        }
        return Vocabulary.of(text, switch (level) {
            case "char" -> Vocabulary.Level.CHARACTER;
            case "word" -> Vocabulary.Level.WORD;
            default -> throw new UsageError("--level must be char or word, not `" + level + "`");
        });
    }
}
