package io.rnnc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;

/**
 * The classes and native libraries an exported model runs on, copied from wherever this
 * process loaded them (the rnnc jar, or the modules' class directories and their jars): the
 * runtime, Gson, OpenBLAS with JavaCPP, netlib's binding, and for models that read CSV files
 * Commons CSV. Nothing of the compiler, ANTLR,
 * ASM or the command line.
 */
final class RuntimeClasses {
    /** What to copy: the packages of each library, from wherever the resource {@code anchor} was loaded. */
    private record Library(String anchor, List<String> prefixes) {
    }

    /** The platform's natives lie in jars of their own beside the classes' (or in the rnnc jar with them). */
    private static final String PLATFORM = Loader.getPlatform();

    private static final List<Library> LIBRARIES = List.of(
            new Library("io/rnnc/runtime/train/Model.class", List.of("io/rnnc/runtime/")),
            new Library("com/google/gson/Gson.class", List.of("com/google/gson/")),
            // JavaCPP reads each library's version from its Maven properties, and warns without them.
            new Library("org/bytedeco/javacpp/Loader.class", List.of("org/bytedeco/javacpp/",
                    "META-INF/maven/org.bytedeco/javacpp/")),
            new Library("org/bytedeco/javacpp/" + PLATFORM + "/libjnijavacpp.so", List.of("org/bytedeco/javacpp/")),
            new Library("org/bytedeco/openblas/global/openblas_nolapack.class", List.of("org/bytedeco/openblas/",
                    "META-INF/maven/org.bytedeco/openblas/")),
            new Library("org/bytedeco/openblas/" + PLATFORM + "/libjniopenblas_nolapack.so",
                    List.of("org/bytedeco/openblas/")),
            new Library("dev/ludovic/netlib/blas/NativeBLAS.class", List.of("dev/ludovic/netlib/", "resources/native/")));

    /** Commons CSV and what it needs, for models that read CSV files (forecasters). */
    private static final List<Library> CSV = List.of(
            new Library("org/apache/commons/csv/CSVFormat.class", List.of("org/apache/commons/csv/")),
            new Library("org/apache/commons/io/IOUtils.class", List.of("org/apache/commons/io/")),
            new Library("org/apache/commons/codec/binary/Base64.class", List.of("org/apache/commons/codec/")));

    /** OpenBLAS's LAPACK builds and C headers, which the runtime never loads (as the rnnc jar leaves them out). */
    private static boolean unused(String entry) {
        return entry.startsWith("org/bytedeco/openblas/") && (entry.endsWith("/libjniopenblas.so")
                || entry.endsWith("/libjniopenblas_full.so") || entry.contains("/include/") || entry.contains("/lib/"));
    }

    private RuntimeClasses() {
    }

    /**
     * Copies every library's entries into {@code jar}, each once; {@code written} collects the names.
     *
     * @param csv whether the model reads CSV files, and so needs Commons CSV too
     */
    static void copyInto(JarOutputStream jar, Set<String> written, boolean csv) throws IOException {
        for (Library lib : csv ? Stream.concat(LIBRARIES.stream(), CSV.stream()).toList() : LIBRARIES) {
            Path source = location(lib.anchor());
            if (Files.isDirectory(source)) {
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                        String name = source.relativize(f).toString().replace('\\', '/');
                        if (wanted(lib, name) && written.add(name)) {
                            jar.putNextEntry(new JarEntry(name));
                            Files.copy(f, jar);
                            jar.closeEntry();
                        }
                    }
                }
            } else {
                try (JarFile from = new JarFile(source.toFile())) {
                    for (JarEntry e : (Iterable<JarEntry>) from.stream()::iterator) {
                        if (!e.isDirectory() && wanted(lib, e.getName()) && written.add(e.getName())) {
                            jar.putNextEntry(new JarEntry(e.getName()));
                            try (InputStream in = from.getInputStream(e)) {
                                in.transferTo(jar);
                            }
                            jar.closeEntry();
                        }
                    }
                }
            }
        }
    }

    private static boolean wanted(Library lib, String name) {
        return lib.prefixes().stream().anyMatch(name::startsWith) && !unused(name);
    }

    /** The jar or class directory a resource was loaded from. */
    private static Path location(String resource) {
        URL url = RuntimeClasses.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalStateException("the runtime's " + resource + " is not on the class path");
        }
        try {
            if (url.getProtocol().equals("jar")) {
                String path = url.getPath();
                return Path.of(new URI(path.substring(0, path.indexOf("!/"))));
            }
            Path file = Path.of(url.toURI());
            for (int i = 0; i < resource.split("/").length; i++) {
                file = file.getParent();
            }
            return file;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate " + resource + " (" + url + ")", e);
        }
    }
}
