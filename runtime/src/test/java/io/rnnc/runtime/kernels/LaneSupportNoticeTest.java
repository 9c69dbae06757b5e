package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A program whose JVM lacks the Vector API module is told once, at the first kernel compiled,
 * that vector loops are off and how to turn them on; one with the module is told nothing.
 */
class LaneSupportNoticeTest {
    /** Asks for the lanes three times, as three compiled cells do, and prints how many. */
    public static void main(String[] args) {
        for (int i = 0; i < 3; i++) {
            System.out.println("lanes " + LaneSupport.floatLanes());
        }
    }

    @Test
    void withoutTheModuleTheNoticeComesOnce() throws Exception {
        String output = run(false);
        assertEquals(1, output.split(java.util.regex.Pattern.quote(LaneSupport.OFF), -1).length - 1, output);
        assertTrue(output.contains("lanes 0"), output);
    }

    @Test
    void withTheModuleThereIsNoNotice() throws Exception {
        String output = run(true);
        assertFalse(output.contains("vector loops are off"), output);
    }

    private static String run(boolean module) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (module) {
            command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LaneSupportNoticeTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        return output;
    }
}
