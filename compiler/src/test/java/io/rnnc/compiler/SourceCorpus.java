package io.rnnc.compiler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The corpus of well-known sources' cells among the test resources (`sources/`): for each
 * source, `NAME.latex.rnn` (the LaTeX the source is typeset from) and `NAME.unicode.rnn` (the
 * Unicode text a rendered page or PDF gives), which must be understood alike.
 */
public final class SourceCorpus {
    /** The two spellings of each source. */
    public static final List<String> SPELLINGS = List.of("latex", "unicode");

    private SourceCorpus() {
    }

    /** The sources' names, `goodfellow2016_deep_learning_ch10` …, sorted. */
    public static List<String> sources() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".latex.rnn"))
                    .map(n -> n.substring(0, n.length() - ".latex.rnn".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file of {@code source} in {@code spelling}. */
    public static Path file(String source, String spelling) {
        return directory().resolve(source + "." + spelling + ".rnn");
    }

    /** The corpus directory among the compiled test resources. */
    public static Path directory() {
        try {
            return Path.of(SourceCorpus.class.getResource("/sources").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
