package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.cli.TrainCommandTest.Result;
import io.rnnc.runtime.data.FrameSequences;
import io.rnnc.runtime.data.Gestures;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.layer.FrameShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rnnc gestures`, and `rnnc train`, `eval` and `predict` on image sequences: what a user types and gets back. */
class FramesCommandTest {

    private static String[] classify(Path data, Path checkpoint, String... more) {
        return train(data, checkpoint, "classify", "24x24x1", more);
    }

    private static String[] train(Path data, Path checkpoint, String task, String frames, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--task", task, "--data", data.toString(),
                "--frames", frames, "--conv2d", "4:3x3,pool2", "--conv2d", "4:3x3,pool2", "--cell", "stdlib:gru",
                "--hidden", "8", "--batch", "8", "--max-steps", "3", "--checkpoint", checkpoint.toString()));
        args.addAll(Arrays.asList(more));
        return args.toArray(String[]::new);
    }

    private static Path gestures(Path dir, int count) {
        Path data = dir.resolve("gestures.npz");
        Result made = rnnc("gestures", "-o", data.toString(), "--count", String.valueOf(count), "--seed", "3");
        assertEquals(0, made.status(), made.err());
        assertTrue(made.out().startsWith("wrote " + count + " sequences of 24x24x1 frames (10 to 16 each) to " + data
                + "; classes 0 to 5: right, left, down, up, clockwise, anticlockwise"), made.out());
        return data;
    }

    @Test
    void trainsEvaluatesAndPredictsOnImageSequences(@TempDir Path dir) throws Exception {
        Path data = gestures(dir, 40);
        Path checkpoint = dir.resolve("model.safetensors");
        Result trained = rnnc(classify(data, checkpoint));
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.out().contains("data: 36 sequences of 24x24x1 frames to train on, 4 held out (every 10th "
                + "example); classes: 0 "), trained.out());
        String heldOut = trained.out().lines().filter(l -> l.startsWith("held-out loss ")).findFirst().orElseThrow();
        assertTrue(heldOut.matches("held-out loss \\d\\.\\d{4}, accuracy \\d\\.\\d{3} \\(commonest label alone: "
                + "\\d\\.\\d{3}\\) on 4 sequences"), heldOut);
        assertTrue(Safetensors.read(checkpoint).tensors().keySet().containsAll(List.of("frames.conv1.weight",
                "frames.conv2.bias", "head.weight")));

        Result eval = rnnc("eval", "--checkpoint", checkpoint.toString(), "--data", data.toString(), "--held-out");
        assertEquals(0, eval.status(), eval.err());
        assertEquals(heldOut, eval.out().strip());

        Result predicted = rnnc("predict", "--checkpoint", checkpoint.toString(), data.toString());
        assertEquals(0, predicted.status(), predicted.err());
        List<String> lines = predicted.out().lines().toList();
        assertEquals("sequence\tclass\tp(0)\tp(1)\tp(2)\tp(3)\tp(4)\tp(5)", lines.get(0));
        assertEquals(41, lines.size());
        assertTrue(lines.get(40).matches("39\t[0-5](\t0\\.\\d{4}|\t1\\.0000){6}"), lines.get(40));
    }

    @Test
    void tagsEveryFrame(@TempDir Path dir) throws Exception {
        FrameSequences g = Gestures.generate(20, Gestures.Settings.SAMPLE, 5);
        // A class for each frame: here its sequence's.
        List<int[]> perFrame = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            int[] labels = new int[g.sequences().get(n).length];
            Arrays.fill(labels, g.labels().get(n)[0]);
            perFrame.add(labels);
        }
        Path data = dir.resolve("frames.npz");
        new FrameSequences(g.shape(), g.sequences(), perFrame, true, g.classes()).write(data);
        Result tagged = rnnc(train(data, dir.resolve("tag.safetensors"), "tag", "24x24x1"));
        assertEquals(0, tagged.status(), tagged.err());
        assertTrue(tagged.out().contains("classes (frames): "), tagged.out());
        int heldOutFrames = g.sequences().get(9).length + g.sequences().get(19).length;
        assertTrue(tagged.out().lines().anyMatch(l -> l.matches("held-out loss \\d\\.\\d{4}, accuracy \\d\\.\\d{3} "
                + "\\(commonest label alone: \\d\\.\\d{3}\\) on " + heldOutFrames + " frames")), tagged.out());
        Result wrongTask = rnnc(classify(data, dir.resolve("c.safetensors")));
        assertEquals(Exit.BAD_INPUT, wrongTask.status());
        assertEquals("rnnc: " + data + ": has a class for every frame; train it with --task tag",
                wrongTask.err().lines().filter(l -> l.startsWith("rnnc: ")).findFirst().orElseThrow());
    }

    @Test
    void mistakesAreOneSentence(@TempDir Path dir) throws Exception {
        Path data = gestures(dir, 20);
        Path checkpoint = dir.resolve("m.safetensors");
        assertError(rnnc(train(data, checkpoint, "classify", "32x32x1")), Exit.BAD_INPUT,
                data + ": holds frames of 24x24x1 but --frames says 32x32x1");
        assertError(rnnc(classify(data, checkpoint, "--conv2d", "8:30x30")), Exit.USAGE,
                "--conv2d: convolution block 3 (8:30x30) reads frames of 4x4x4: a kernel of 30 does not fit in 4 "
                        + "pixels");
        assertError(rnnc(classify(data, checkpoint, "--conv2d", "8x3")), Exit.USAGE, "--conv2d: `8x3` is not a "
                + "convolution block (it must start with CHANNELS:KHxKW, such as 8:3x3); write "
                + "CHANNELS:KHxKW[,padP][,strideS][,poolK|,avgpoolK], such as 8:3x3,pool2");
        assertError(rnnc(train(data, checkpoint, "classify", "24x24")), Exit.USAGE, "--frames: a frame shape is "
                + "written HxWxC, such as 24x24x1, not '24x24'");
        assertError(rnnc(train(data, checkpoint, "lm", "24x24x1")), Exit.USAGE,
                "--frames reads image sequences for --task classify or tag, not lm");
        assertError(rnnc(train(data, checkpoint, "tag", "24x24x1")), Exit.BAD_INPUT,
                data + ": has one class per sequence; train it with --task classify");
        assertError(rnnc("train", "--task", "classify", "--data", data.toString(), "--cell", "stdlib:gru",
                "--conv2d", "8:3x3"), Exit.USAGE, "--conv2d convolves the frames of image sequences; give their shape "
                + "with --frames HxWxC");
        assertError(rnnc("train", "--task", "tag", "--data", data.toString(), "--cell", "stdlib:gru"), Exit.USAGE,
                data + " holds image sequences; give the shape of their frames with --frames HxWxC");
    }

    @Test
    void resumingRefusesAnotherFrontEnd(@TempDir Path dir) throws Exception {
        Path data = gestures(dir, 20);
        Path checkpoint = dir.resolve("r.safetensors");
        assertEquals(0, rnnc(classify(data, checkpoint)).status());
        Result resumed = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint", checkpoint.toString(),
                "--max-steps", "4", "--frames", "24x24x1", "--conv2d", "4:3x3,pool2", "--conv2d", "4:3x3,pool2");
        assertEquals(0, resumed.status(), resumed.err());
        Result other = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint", checkpoint.toString(),
                "--max-steps", "5", "--conv2d", "8:3x3,pool2");
        assertEquals(Exit.USAGE, other.status(), other.out());
        assertTrue(other.err().contains("--conv2d"), other.err());
        assertEquals(new FrameShape(24, 24, 1), FrameSequences.read(data).shape());
    }

    /** A usage error points to the command's help besides. */
    private static void assertError(Result r, int status, String message) {
        assertEquals(status, r.status(), r.out() + r.err());
        String help = status == Exit.USAGE ? " (see `rnnc train --help`)" : "";
        assertEquals("rnnc: " + message + help, r.err().lines().filter(l -> l.startsWith("rnnc: ")).findFirst()
                .orElse(r.err()));
    }
}
