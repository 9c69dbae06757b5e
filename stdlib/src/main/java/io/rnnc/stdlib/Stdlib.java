package io.rnnc.stdlib;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Cells;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The cells rnnc ships, named `stdlib:NAME` on the command line: every `NAME.rnn` resource
 * beside this class, so that adding a cell is adding its file. A cell PyTorch also has keeps
 * its parameter layout beside it ({@link TorchLayout}).
 */
public final class Stdlib {
    /** The prefix that names a stdlib cell instead of a file. */
    public static final String PREFIX = "stdlib:";

    private static final String SUFFIX = ".rnn";

    private Stdlib() {
    }

    /** The scan of the resources, done once. */
    private static final class Names {
        static final List<String> ALL = scan();
    }

    /** The names of the stdlib cells, sorted. */
    public static List<String> names() {
        return Names.ALL;
    }

    /** True when {@code ref} names a stdlib cell (`stdlib:lstm`), known or not. */
    public static boolean isStdlibRef(String ref) {
        return ref.startsWith(PREFIX);
    }

    /**
     * The source of a stdlib cell.
     *
     * @param name the name without the prefix, e.g. `lstm`
     * @return the source, named `stdlib:lstm`, or null when there is no such cell
     */
    public static Source source(String name) {
        if (!names().contains(name)) {
            return null;
        }
        byte[] bytes = resource(name + SUFFIX);
        if (bytes == null) {
            throw new IllegalStateException("stdlib resource " + name + SUFFIX + " is missing from the jar");
        }
        return Source.fromBytes(PREFIX + name, bytes);
    }

    /**
     * A stdlib cell, checked, for the Java API.
     *
     * @throws IllegalArgumentException naming the cells there are when there is no such cell
     */
    public static TypedCell cell(String name) {
        Source s = source(name);
        if (s == null) {
            throw new IllegalArgumentException("no stdlib cell `" + name + "`; there are " + String.join(", ", names()));
        }
        return Cells.only(s);
    }

    /** The bytes of a resource beside this class, or null when there is none. */
    static byte[] resource(String fileName) {
        try (InputStream in = Stdlib.class.getResourceAsStream(fileName)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stdlib resource " + fileName, e);
        }
    }

    /** The `.rnn` files in this class's directory, in a jar or on disk. */
    private static List<String> scan() {
        try {
            URI self = Stdlib.class.getResource(Stdlib.class.getSimpleName() + ".class").toURI();
            if (self.getScheme().equals("jar")) {
                try (FileSystem jar = FileSystems.newFileSystem(self, Map.of())) {
                    return cellsIn(jar.provider().getPath(self).getParent());
                } catch (FileSystemAlreadyExistsException e) {
                    return cellsIn(FileSystems.getFileSystem(self).provider().getPath(self).getParent());
                }
            }
            return cellsIn(Path.of(self).getParent());
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the stdlib cells", e);
        }
    }

    private static List<String> cellsIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length())).sorted().toList();
        }
    }
}
