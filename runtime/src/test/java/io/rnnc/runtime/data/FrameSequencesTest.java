package io.rnnc.runtime.data;

import static io.rnnc.runtime.data.NumpyFiles.assertDataError;
import static io.rnnc.runtime.data.NumpyFiles.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.layer.FrameShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Image sequences with their labels from .npz, safetensors and directories of class folders. */
class FrameSequencesTest {

    @Test
    void readsSequencesWithLengthsFromAnArchive() {
        for (String name : new String[] {"sequences.npz", "sequences.safetensors"}) {
            FrameSequences s = FrameSequences.read(file(name));
            assertEquals(new FrameShape(2, 3, 1), s.shape(), name);
            assertFalse(s.perFrame());
            assertEquals(List.of("0", "1", "2"), s.classes());
            assertEquals(List.of(4, 2, 3), s.sequences().stream().map(q -> q.length).toList(), name);
            assertEquals(List.of(2, 0, 1), s.labels().stream().map(l -> l[0]).toList(), name);
            // Sequence 1, frame 1 holds the uint8 values 30..35 (0, 1, 2, … over the whole array), scaled to [0, 1].
            assertArrayEquals(new double[] {30 / 255.0, 31 / 255.0, 32 / 255.0, 33 / 255.0, 34 / 255.0, 35 / 255.0},
                    s.sequences().get(1)[1], 1e-15, name);
            SequenceDataset d = s.dataset();
            assertEquals(3, d.size());
            assertEquals(6, d.inputSize());
            assertArrayEquals(new int[] {2, 0, 1}, ((Targets.SequenceClasses) d.batch(new int[] {0, 1, 2}).targets())
                    .ids());
        }
    }

    @Test
    void readsALabelPerFrame() {
        FrameSequences s = FrameSequences.read(file("frame_labels.npz"));
        assertTrue(s.perFrame());
        assertEquals(new FrameShape(2, 2, 2), s.shape());
        assertEquals(List.of("0", "1", "2"), s.classes());
        assertArrayEquals(new int[] {2, 2, 0}, s.labels().get(1));
        assertEquals(8.0, s.sequences().get(0)[1][0], "float frames are read as they are");
        Targets.StepClasses t = (Targets.StepClasses) s.dataset().batch(new int[] {0, 1}).targets();
        assertArrayEquals(new int[] {1, 2}, t.ids()[1]);
    }

    @Test
    void readsADirectoryOfClassFolders() {
        FrameSequences s = FrameSequences.read(file("gestures"));
        assertEquals(List.of("left", "right"), s.classes());
        assertEquals(new FrameShape(2, 3, 1), s.shape());
        assertEquals(List.of(2, 3, 1), s.sequences().stream().map(q -> q.length).toList());
        assertEquals(List.of(0, 0, 1), s.labels().stream().map(l -> l[0]).toList());
        assertEquals(106.0, s.sequences().get(1)[1][0], "left/seq1.npy, frame 1, pixel 0");
    }

    @Test
    void checksSequencesMadeInCode() {
        FrameShape shape = new FrameShape(1, 2, 1);
        List<String> classes = List.of("a", "b");
        List<double[][]> one = List.<double[][]>of(new double[][] {{0, 1}});
        assertThrows(IllegalArgumentException.class, () -> new FrameSequences(shape, one, List.of(), false, classes));
        assertThrows(IllegalArgumentException.class, () -> new FrameSequences(shape, List.<double[][]>of(
                new double[][] {{0, 1, 2}}), List.of(new int[] {0}), false, classes));
        assertThrows(IllegalArgumentException.class, () -> new FrameSequences(shape, one, List.of(new int[] {2}),
                false, classes));
        assertThrows(IllegalArgumentException.class, () -> new FrameSequences(shape, one, List.of(new int[] {0, 1}),
                true, classes));
        assertEquals(1, new FrameSequences(shape, one, List.of(new int[] {1}), false, classes).dataset().size());
    }

    @Test
    void refusesFilesThatAreNotImageSequences() {
        Path noLabels = file("no_labels.npz");
        assertDataError(() -> FrameSequences.read(noLabels), noLabels + ": needs arrays 'x' (frames) and 'y' (labels) "
                + "but holds x");
        Path floatLabels = file("float_labels.npz");
        assertDataError(() -> FrameSequences.read(floatLabels), floatLabels + ": the labels 'y' must be integers but "
                + "are <f8");
        Path npy = file("f4_v1.npy");
        assertDataError(() -> FrameSequences.read(npy), npy + ": a .npy file holds one array, so no labels; save "
                + "frames and labels together with np.savez(file, x=frames, y=labels), or give a directory of class "
                + "folders");
        Path script = file("make_files.py");
        assertDataError(() -> FrameSequences.read(script), script + ": image sequences are read from a .npz or "
                + ".safetensors file or a directory of class folders of .npy files, not from this file");
    }

    @Test
    void refusesArraysThatDisagree(@TempDir Path dir) throws IOException {
        NpyArray x = new NpyArray("x", new int[] {2, 3, 2, 2}, NpyType.FLOAT32, new double[24]);
        NpyArray y = new NpyArray("y", new int[] {2}, NpyType.INT64, new double[] {0, 1});
        assertDataError(() -> archive(dir, Map.of("x", x, "y", new NpyArray("y", new int[] {3}, NpyType.INT64,
                new double[3]))), dir.resolve("a.npz") + ": the labels 'y' must be [2] (one per sequence) or [2, 3] "
                + "(one per frame) to match the frames (2, 3, 2, 2) but are (3,)");
        assertDataError(() -> archive(dir, Map.of("x", x, "y", y, "lengths", new NpyArray("l", new int[] {2},
                NpyType.INT64, new double[] {3, 4}))), dir.resolve("a.npz") + ": sequence 1 has length 4, outside [1, 3]");
        assertDataError(() -> archive(dir, Map.of("x", x, "y", new NpyArray("y", new int[] {2}, NpyType.INT64,
                new double[] {0, -1}))), dir.resolve("a.npz") + ", sequence 1: has label -1; labels are class numbers "
                + "from 0");
        assertDataError(() -> archive(dir, Map.of("x", new NpyArray("x", new int[] {2, 3, 4}, NpyType.FLOAT32,
                new double[24]), "y", y)), dir.resolve("a.npz") + ": the frames 'x' must be [N, T, H, W, C] or "
                + "[N, T, H, W] but are (2, 3, 4)");
        assertDataError(() -> archive(dir, Map.of("x", x, "y", y, "z", y)), dir.resolve("a.npz") + ": holds an array "
                + "'z', but only x, y and lengths are read");
        double[] nan = new double[24];
        nan[13] = Double.NaN;
        assertDataError(() -> archive(dir, Map.of("x", new NpyArray("x", new int[] {2, 3, 2, 2}, NpyType.FLOAT64, nan),
                "y", y)), dir.resolve("a.npz") + ", sequence 1: frame 0 holds NaN; frames must be finite");
    }

    @Test
    void namesAFewOfTheArraysOfAnotherKindOfFile(@TempDir Path dir) throws IOException {
        Map<String, NpyArray> many = new LinkedHashMap<>();
        for (String name : List.of("a", "b", "c", "d", "e", "f", "g")) {
            many.put(name, new NpyArray(name, new int[] {1}, NpyType.FLOAT32, new double[1]));
        }
        assertDataError(() -> archive(dir, many), dir.resolve("a.npz") + ": needs arrays 'x' (frames) and 'y' (labels) "
                + "but holds a, b, c, d, e and 2 more");
    }

    private static FrameSequences archive(Path dir, Map<String, NpyArray> arrays) throws IOException {
        Path file = dir.resolve("a.npz");
        Npz.write(file, new LinkedHashMap<>(arrays));
        return FrameSequences.read(file);
    }

    @Test
    void refusesDirectoriesThatAreNotClassFolders(@TempDir Path dir) throws IOException {
        assertDataError(() -> FrameSequences.read(dir), dir + ": holds no class folders; a directory of sequences "
                + "holds one folder per class with one .npy file per sequence");
        Path left = Files.createDirectories(dir.resolve("left"));
        assertDataError(() -> FrameSequences.read(dir), left + ": the class folder holds no .npy sequences");
        Files.write(left.resolve("a.npy"), Npy.bytes(new NpyArray("a", new int[] {2, 2, 2}, NpyType.UINT8,
                new double[8])));
        Files.writeString(left.resolve("notes.txt"), "hello");
        assertDataError(() -> FrameSequences.read(dir), left.resolve("notes.txt") + ": not a .npy sequence; a class "
                + "folder holds one .npy file per sequence");
        Files.delete(left.resolve("notes.txt"));
        Path right = Files.createDirectories(dir.resolve("right"));
        Files.write(right.resolve("b.npy"), Npy.bytes(new NpyArray("b", new int[] {1, 2, 3}, NpyType.UINT8,
                new double[6])));
        assertDataError(() -> FrameSequences.read(dir), right.resolve("b.npy") + ": has frames of 2x3x1 but the "
                + "sequences before it have 2x2x1");
        Files.write(right.resolve("b.npy"), Npy.bytes(new NpyArray("b", new int[] {4}, NpyType.UINT8, new double[4])));
        assertDataError(() -> FrameSequences.read(dir), right.resolve("b.npy") + ": a sequence must be [T, H, W, C] or "
                + "[T, H, W] with T at least 1 but is (4,)");
    }
}
