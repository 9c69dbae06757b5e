package io.rnnc.cli;

import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.data.TextFiles;
import io.rnnc.runtime.data.TsvPairs.Header;
import io.rnnc.runtime.data.Vocabulary;
import java.nio.file.Path;

/**
 * The data a task reads: a training file with part of it held out (`--split`), a training file
 * and a separate held-out one (`--valid`), or one file to evaluate or predict on as a whole.
 *
 * @param train the training file, or null when nothing is trained
 * @param heldOut the held-out file, or null when the held-out part is cut from {@code train}
 * @param split the fraction of {@code train} held out when {@code heldOut} is null
 * @param header whether the files' first lines are headers: yes, no or auto
 * @param inputs how the sequences of TSV files are read: text, numbers, or detected
 * @param level how text is cut into tokens
 */
public record TaskInput(Text train, Text heldOut, double split, Header header, Inputs inputs, Vocabulary.Level level) {
    /**
     * A data file, its text read when a task asks for it (image sequences are not text; a
     * language model streams its {@link #path} so as never to hold a corpus as text), and its
     * name, for errors.
     */
    public static final class Text {
        private final Path path;
        private String text;

        private Text(Path path) {
            this.path = path;
        }

        /** The file, to be read when needed. */
        public static Text read(Path file) {
            return new Text(file);
        }

        /** The file's text, read on first use. */
        String text() {
            if (text == null) {
                text = TextFiles.read(path);
            }
            return text;
        }

        /** The file's name. */
        String name() {
            return path.toString();
        }

        /** The file itself. */
        Path path() {
            return path;
        }
    }

    /** Whether a file's first line is a header, as `--header` says: yes, no, or detected (auto). */
    public static Header header(String name) {
        return switch (name) {
            case "yes" -> Header.YES;
            case "no" -> Header.NO;
            case "auto" -> Header.AUTO;
            default -> throw new UsageError("--header must be yes, no or auto, not `" + name + "`");
        };
    }

    /** How a task reads the sequences of a TSV file: detected, as text, or as numbers. */
    public enum Inputs {
        AUTO, TEXT, NUMBERS;

        public static Inputs named(String name) {
            return switch (name) {
                case "auto" -> AUTO;
                case "text" -> TEXT;
                case "numbers" -> NUMBERS;
                default -> throw new UsageError("--inputs must be auto, text or numbers, not `" + name + "`");
            };
        }
    }

    /** What a run trains on and holds out: {@code file} less its held-out part, or all of it beside the `--valid` file. */
    static TaskInput training(RunConfig.Data data, Path file) {
        Text valid = data.valid() == null ? null : Text.read(Path.of(data.valid()));
        return new TaskInput(Text.read(file), valid, data.split(), header(data.header()), Inputs.named(data.inputs()),
                level(data.level()));
    }

    /** No data: a task of a saved run with its encoders alone, to predict with. */
    static TaskInput none(RunConfig.Data data) {
        return new TaskInput(null, null, 0, header(data.header()), Inputs.named(data.inputs()), level(data.level()));
    }

    /** All of {@code file} held out, as `rnnc eval` reads it. */
    static TaskInput whole(Path file, RunConfig.Data data) {
        return new TaskInput(null, Text.read(file), 0, header(data.header()), Inputs.named(data.inputs()),
                level(data.level()));
    }

    /** The tokens of `--level`. */
    public static Vocabulary.Level level(String level) {
        return switch (level) {
            case "char" -> Vocabulary.Level.CHARACTER;
            case "word" -> Vocabulary.Level.WORD;
            default -> throw new UsageError("--level must be char or word, not `" + level + "`");
        };
    }
}
