package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rnnc export`: the jar runs in a fresh JVM with nothing but itself on the class path, writes
 * the text `rnnc sample` writes for the same options, with the Vector API and without, and
 * holds none of the compiler.
 */
class ExportCommandTest {
    private static final String TEXT = "the cat sat on the mat. the dog ran to the cat.\n".repeat(30);

    @TempDir
    static Path dir;
    private static Path checkpoint;
    private static Path jar;

    @BeforeAll
    static void trainAndExport() throws IOException {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        checkpoint = dir.resolve("lm.safetensors");
        TrainCommandTest.Result trained = rnnc("train", "--cell", "stdlib:lstm", "--data", data.toString(), "--hidden", "24",
                "--layers", "2", "--steps", "10", "--bptt", "20", "--batch", "4", "--max-steps", "10", "--lr", "0.02",
                "--checkpoint", checkpoint.toString(), "--sample", "0");
        assertEquals(0, trained.status(), trained.err());
        jar = dir.resolve("out/model.jar");
        TrainCommandTest.Result exported = rnnc("export", "--checkpoint", checkpoint.toString(), "--out", jar.toString());
        assertEquals(0, exported.status(), exported.err());
        assertTrue(exported.out().contains("java -jar " + jar), exported.out());
    }

    @Test
    void theJarWritesWhatSampleWrites() throws Exception {
        String[] options = {"--prompt", "the c", "--length", "80", "--temperature", "0.9", "--top-k", "5", "--seed", "7"};
        List<String> sample = new ArrayList<>(List.of("sample", "--checkpoint", checkpoint.toString()));
        sample.addAll(List.of(options));
        TrainCommandTest.Result expected = rnnc(sample.toArray(String[]::new));
        assertEquals(0, expected.status(), expected.err());
        assertTrue(expected.out().strip().length() == 85, expected.out());
        assertEquals(expected.out().strip(), java(List.of("--add-modules", "jdk.incubator.vector"), options).strip());
        assertEquals(expected.out().strip(), java(List.of(), options).strip(), "with scalar kernels");
    }

    @Test
    void stopTextsEndTheTextAsSampleEndsIt() throws Exception {
        String[] options = {"--prompt", "the ", "--length", "200", "--seed", "2", "--stop", ".", "--stop", "dog"};
        List<String> sample = new ArrayList<>(List.of("sample", "--checkpoint", checkpoint.toString()));
        sample.addAll(List.of(options));
        String expected = rnnc(sample.toArray(String[]::new)).out().strip();
        String generated = expected.substring("the ".length());
        assertTrue(expected.length() < 204 && !generated.contains(".") && !generated.contains("dog"),
                "stopped before the first stop text, which is left out: " + expected);
        assertEquals(expected, java(List.of(), options).strip());
    }

    @Test
    void theJarHoldsTheRuntimeAndNoneOfTheCompiler() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            List<String> names = j.stream().map(e -> e.getName()).toList();
            for (String absent : List.of("io/rnnc/compiler/", "io/rnnc/cli/", "io/rnnc/grammar/", "org/antlr/",
                    "org/objectweb/asm/", "picocli/", "com/aparapi/")) {
                assertTrue(names.stream().noneMatch(n -> n.startsWith(absent)), "holds " + absent);
            }
            assertTrue(names.contains("io/rnnc/runtime/export/ExportMain.class"));
            assertTrue(names.stream().anyMatch(n -> n.startsWith("io/rnnc/generated/") && n.endsWith(".class")),
                    "the generated kernels");
            assertTrue(names.stream().anyMatch(n -> n.endsWith("/libopenblas.so.0")), "the native BLAS");
            assertEquals("io.rnnc.runtime.export.ExportMain", j.getManifest().getMainAttributes().getValue("Main-Class"));
        }
    }

    @Test
    void aPromptOutsideTheVocabularyIsBadInput() throws Exception {
        JarRun r = JarRun.of(jar, dir, List.of(), "--prompt", "xyz#");
        assertEquals(3, r.status(), r.err());
        assertTrue(r.err().contains("prompt: `x` is not in the model's vocabulary"), r.err());
    }

    @Test
    void aMisspeltOptionIsNamedAsUnknown() throws Exception {
        JarRun r = JarRun.of(jar, dir, List.of(), "--lenght");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("unknown option --lenght"), r.err());
    }

    /** Runs the jar in a new JVM, its class path the jar alone, and returns what it printed. */
    private static String java(List<String> jvmOptions, String... args) throws Exception {
        JarRun r = JarRun.of(jar, dir, jvmOptions, args);
        assertEquals(0, r.status(), r.err());
        assertFalse(r.err().contains("OpenBLAS could not be loaded"), "the native BLAS loaded: " + r.err());
        return r.out();
    }
}
