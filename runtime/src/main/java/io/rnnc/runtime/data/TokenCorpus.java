package io.rnnc.runtime.data;

import java.nio.CharBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * A language model's text files read into token ids without holding their text: the files are
 * read a chunk at a time ({@link TextChunks}), once to find the vocabulary and count the
 * tokens, once to encode them into compact {@link TokenIds}. Tokens are cut as
 * {@link Vocabulary} cuts them: code points, or words between whitespace with each newline a
 * token of its own.
 */
public final class TokenCorpus {
    private TokenCorpus() {
    }

    /** The vocabulary of every token of {@code files}, and how many tokens each holds. */
    public record Survey(Vocabulary vocabulary, long[] tokens) {
    }

    /**
     * The first pass: every token of {@code files} and their number.
     *
     * @param saved a vocabulary to keep (a resumed or evaluated model's), or null to make one
     * @param progress hears the bytes read so far, of all the files
     * @throws DataException when a file cannot be read, is not UTF-8 text, or is empty
     */
    public static Survey survey(List<Path> files, Vocabulary.Level level, Vocabulary saved, LongConsumer progress) {
        Set<String> words = new HashSet<>();
        BitSet chars = new BitSet(1 << 16);
        Set<Integer> others = new HashSet<>();
        long[] counts = new long[files.size()];
        long done = 0;
        for (int f = 0; f < files.size(); f++) {
            long[] n = new long[1];
            long before = done;
            Walker walker = level == Vocabulary.Level.CHARACTER
                    ? new Walker.Chars((cp, line) -> {
                        n[0]++;
                        if (cp < 1 << 16) {
                            chars.set(cp);
                        } else {
                            others.add(cp);
                        }
                    })
                    : new Walker.Words((word, line) -> {
                        n[0]++;
                        words.add(word);
                    });
            done += walk(files.get(f), walker, bytes -> progress.accept(before + bytes));
            counts[f] = n[0];
        }
        if (saved != null) {
            return new Survey(saved, counts);
        }
        TreeSet<String> tokens = new TreeSet<>(words);
        chars.stream().forEach(c -> tokens.add(String.valueOf((char) c)));
        others.forEach(cp -> tokens.add(new String(Character.toChars(cp))));
        return new Survey(Vocabulary.of(tokens, level), counts);
    }

    /**
     * The second pass: {@code file}'s {@code count} tokens as ids of {@code vocabulary}.
     *
     * @param onDisk keep the ids in a mapped temporary file instead of the heap
     * @param progress hears the bytes of the file read so far
     * @throws DataException naming the line of a token the vocabulary does not have
     */
    public static TokenIds encode(Path file, long count, Vocabulary vocabulary, boolean onDisk, LongConsumer progress) {
        TokenIds.Writer ids = TokenIds.writer(count, vocabulary.size(), onDisk);
        if (vocabulary.level() == Vocabulary.Level.CHARACTER) {
            int[] basic = new int[1 << 16];
            java.util.Arrays.fill(basic, -1);
            Map<Integer, Integer> others = new HashMap<>();
            for (int id = 0; id < vocabulary.size(); id++) {
                int cp = vocabulary.token(id).codePointAt(0);
                if (cp < 1 << 16) {
                    basic[cp] = id;
                } else {
                    others.put(cp, id);
                }
            }
            walk(file, new Walker.Chars((cp, line) -> {
                int id = cp < 1 << 16 ? basic[cp] : others.getOrDefault(cp, -1);
                ids.add(id >= 0 ? id : unknown(file, line, new String(Character.toChars(cp)), vocabulary));
            }), progress);
        } else {
            walk(file, new Walker.Words((word, line) -> {
                int id = vocabulary.id(word);
                ids.add(id >= 0 ? id : unknown(file, line, word, vocabulary));
            }), progress);
        }
        return ids.finish();
    }

    private static int unknown(Path file, long line, String token, Vocabulary vocabulary) {
        throw new DataException(file + ":" + line + ": `" + (token.equals("\n") ? "\\n" : token)
                + "` is not in the model's vocabulary of " + vocabulary.size() + " "
                + (vocabulary.level() == Vocabulary.Level.CHARACTER ? "characters" : "words")
                + "; evaluate on text of the same characters, or train on text that has it");
    }

    private static long walk(Path file, Walker walker, LongConsumer progress) {
        long size = TextChunks.read(file, walker::accept, progress);
        walker.end();
        if (walker.empty) {
            throw TextFiles.empty(file);
        }
        return size;
    }

    /** Cuts text into tokens across chunk boundaries, counting lines. */
    private abstract static class Walker {
        long line = 1;
        boolean empty = true;

        abstract void accept(CharBuffer chunk);

        void end() {
        }

        /** Code points: a surrogate pair cut by a chunk boundary is joined. */
        static final class Chars extends Walker {
            interface Sink {
                void codePoint(int cp, long line);
            }

            private final Sink sink;
            private char high;

            Chars(Sink sink) {
                this.sink = sink;
            }

            @Override
            void accept(CharBuffer chunk) {
                empty = false;
                while (chunk.hasRemaining()) {
                    char c = chunk.get();
                    if (high != 0) {
                        char h = high;
                        high = 0;
                        if (Character.isLowSurrogate(c)) {
                            sink.codePoint(Character.toCodePoint(h, c), line);
                            continue;
                        }
                        sink.codePoint(h, line);
                    }
                    if (Character.isHighSurrogate(c)) {
                        high = c;
                        continue;
                    }
                    sink.codePoint(c, line);
                    if (c == '\n') {
                        line++;
                    }
                }
            }

            @Override
            void end() {
                if (high != 0) {
                    sink.codePoint(high, line);
                }
            }
        }

        /** Words between whitespace (as {@code \s} in a regular expression), each newline a token. */
        static final class Words extends Walker {
            interface Sink {
                void word(String word, long line);
            }

            private final Sink sink;
            private final StringBuilder word = new StringBuilder();

            Words(Sink sink) {
                this.sink = sink;
            }

            @Override
            void accept(CharBuffer chunk) {
                empty = false;
                while (chunk.hasRemaining()) {
                    char c = chunk.get();
                    if (c == '\n') {
                        flush();
                        sink.word("\n", line++);
                    } else if (c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r') {
                        flush();
                    } else {
                        word.append(c);
                    }
                }
            }

            @Override
            void end() {
                flush();
            }

            private void flush() {
                if (word.length() > 0) {
                    sink.word(word.toString(), line);
                    word.setLength(0);
                }
            }
        }
    }
}
