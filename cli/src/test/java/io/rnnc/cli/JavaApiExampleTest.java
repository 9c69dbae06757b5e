package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java section compiles as printed there: its first program is the one in
 * samples/java/CharModel.java, which runs as written, and every other program in the section
 * compiles too.
 */
class JavaApiExampleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The ```java blocks of the README's section "From Java". */
    private static List<String> readmeSnippets() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("\n### From Java\n");
        assertTrue(section >= 0, "the README has a Java section");
        Matcher next = Pattern.compile("\n##+ ").matcher(readme);
        int end = next.find(section + 1) ? next.start() : readme.length();
        List<String> snippets = new ArrayList<>();
        Matcher block = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme.substring(section, end));
        while (block.find()) {
            snippets.add(block.group(1));
        }
        return snippets;
    }

    @Test
    void readmeSnippetsCompileAsPrinted(@TempDir Path dir) throws Exception {
        List<String> snippets = readmeSnippets();
        assertTrue(snippets.size() >= 2, "the section shows the character model and more");
        for (String snippet : snippets) {
            Matcher name = Pattern.compile("public class (\\w+)").matcher(snippet);
            assertTrue(name.find(), "each program is a whole class: " + snippet);
            Path source = Files.createDirectories(dir.resolve(name.group(1))).resolve(name.group(1) + ".java");
            Files.writeString(source, snippet);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter diagnostics = new StringWriter();
            boolean ok = javac.getTask(diagnostics, null, null, List.of("-cp", System.getProperty("java.class.path"),
                    "-d", dir.resolve("classes").toString()), null, javac.getStandardFileManager(null, null, null)
                    .getJavaFileObjects(source)).call();
            assertTrue(ok, diagnostics.toString());
        }
        assertEquals(Files.readString(ROOT.resolve("samples/java/CharModel.java")), snippets.get(0),
                "the README shows the sample program that readmeExampleRuns runs");
    }
    @Test
    void readmeExampleRuns(@TempDir Path dir) throws Exception {
        Path root = ROOT;
        Path out = dir.resolve("charmodel.safetensors");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"),
                "samples/java/CharModel.java", "10", out.toString()))
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        // Before the program's output: the launcher's and the source compiler's warnings about the incubating module.
        int start = output.indexOf("And God said");
        assertTrue(start >= 0, output);
        String[] samples = output.substring(start).strip().split("\n(?=And God said)");
        assertEquals(2, samples.length, output);
        assertEquals(samples[0].strip(), samples[1].strip(), "the loaded model samples what the trained one did");
        assertTrue(Files.size(out) > 0);
    }

    /** samples/java/Tagger.java: a bidirectional tagger through the API tags every word of held-out sentences. */
    @Test
    void theTaggerSampleTagsWithBothDirections() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "samples/java/Tagger.java", "150")).directory(ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        for (String tag : List.of("COLOUR", "NUMBER", "ANIMAL", "END")) {
            Matcher m = Pattern.compile(tag + " ([0-9.]+) \\(").matcher(output);
            assertTrue(m.find(), output);
            assertTrue(Double.parseDouble(m.group(1)) > 0.9, output);
        }
    }
}
