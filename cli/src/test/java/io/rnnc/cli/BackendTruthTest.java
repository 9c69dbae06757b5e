package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.model.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend that ran is the one printed and saved: where OpenCL is missing, `train --backend
 * opencl` says it falls back and then says jvm everywhere; `eval` and `sample` run a checkpoint
 * on the backend asked for.
 */
class BackendTruthTest {
    private static final String TEXT = "the cat sat on the mat. the dog ran to the cat. ".repeat(20);

    /** OpenCL hidden from a child process: the ICD loader finds no vendor in an empty folder. */
    @Test
    void aFallbackToTheJvmIsWhatIsPrintedAndSaved(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        Path noVendors = Files.createDirectory(dir.resolve("vendors"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "8",
                "--steps", "8", "--batch", "4", "--max-steps", "2", "--sample", "0", "--backend", "opencl",
                "--checkpoint", ckpt.toString()));
        pb.environment().put("OCL_ICD_VENDORS", noVendors.toString());
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("running on the jvm backend instead"), output);
        assertTrue(output.contains("jvm backend, float32"), output);
        assertTrue(!output.contains("opencl backend"), output);
        assertEquals(Backend.JVM, Checkpoint.load(ckpt).spec().backend());
    }

    /** The library's error says what to change in the API's terms; the command names its own option, with status 4. */
    @Test
    void aMissingPlatformIsWordedForTheCommandLine(@TempDir Path dir) throws Exception {
        Path noVendors = Files.createDirectory(dir.resolve("vendors"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "devices"));
        pb.environment().put("OCL_ICD_VENDORS", noVendors.toString());
        Process p = pb.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(Exit.UNAVAILABLE, p.exitValue(), output);
        assertTrue(output.contains("rnnc: no OpenCL platform found; install a vendor driver or PoCL "
                + "(apt-get install pocl-opencl-icd); use --backend jvm"), output);
        assertTrue(!output.contains("ModelSpec"), output);
    }

    @Test
    void evalAndSampleRunOnTheBackendAskedFor(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        assertEquals(0, rnnc("train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "8", "--steps", "8",
                "--batch", "4", "--max-steps", "3", "--sample", "0", "--checkpoint", ckpt.toString()).status());
        TrainCommandTest.Result jvm = rnnc("eval", "--checkpoint", ckpt.toString(), "--data", data.toString());
        TrainCommandTest.Result interp = rnnc("eval", "--checkpoint", ckpt.toString(), "--data", data.toString(),
                "--backend", "interp");
        assertEquals(0, interp.status(), interp.err());
        assertEquals(loss(jvm.out()), loss(interp.out()), 2e-4, "float32 on the jvm, float64 in the interpreter");
        TrainCommandTest.Result sampled = rnnc("sample", "--checkpoint", ckpt.toString(), "--backend", "interp",
                "--length", "5");
        assertEquals(0, sampled.status(), sampled.err());
        TrainCommandTest.Result wrong = rnnc("sample", "--checkpoint", ckpt.toString(), "--backend", "interp",
                "--precision", "f32");
        assertEquals(Exit.USAGE, wrong.status(), wrong.err());
        assertTrue(wrong.err().contains("the reference interpreter computes in float64"), wrong.err());
    }

    private static double loss(String evalOutput) {
        Matcher m = Pattern.compile("loss (\\d+\\.\\d+)").matcher(evalOutput);
        assertTrue(m.find(), evalOutput);
        return Double.parseDouble(m.group(1));
    }
}
