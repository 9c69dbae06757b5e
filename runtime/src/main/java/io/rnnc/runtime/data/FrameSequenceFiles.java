package io.rnnc.runtime.data;

import io.rnnc.runtime.io.DType;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.io.SafetensorsException;
import io.rnnc.runtime.layer.FrameShape;
import io.rnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads {@link FrameSequences} from the layouts it describes, checking everything a user's file could get wrong. */
final class FrameSequenceFiles {
    /** The arrays of an archive: frames, labels and lengths. */
    static final String FRAMES = "x";
    static final String LABELS = "y";
    static final String LENGTHS = "lengths";

    private FrameSequenceFiles() {
    }

    /**
     * Reads image sequences from a {@code .npz} or {@code .safetensors} file or a directory of
     * class folders.
     *
     * @throws DataException one sentence naming the file and the problem, for anything else
     */
    static FrameSequences read(Path path) {
        String name = path.toString();
        if (Files.isDirectory(path)) {
            return readDirectory(path);
        }
        if (name.endsWith(".npz")) {
            return fromArrays(name, Npz.read(path));
        }
        if (name.endsWith(".safetensors")) {
            return fromArrays(name, readSafetensors(path));
        }
        if (name.endsWith(".npy")) {
            throw new DataException(name + ": a .npy file holds one array, so no labels; save frames and labels "
                    + "together with np.savez(file, x=frames, y=labels), or give a directory of class folders");
        }
        throw new DataException(name + ": image sequences are read from a .npz or .safetensors file or a directory "
                + "of class folders of .npy files, not from this file");
    }

    private static FrameSequences fromArrays(String file, Map<String, NpyArray> arrays) {
        NpyArray x = arrays.get(FRAMES);
        NpyArray y = arrays.get(LABELS);
        if (x == null || y == null) {
            List<String> names = List.copyOf(arrays.keySet());
            String held = names.size() <= 5 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
            throw new DataException(file + ": needs arrays 'x' (frames) and 'y' (labels) but holds " + held);
        }
        for (String key : arrays.keySet()) {
            if (!key.equals(FRAMES) && !key.equals(LABELS) && !key.equals(LENGTHS)) {
                throw new DataException(file + ": holds an array '" + key + "', but only x, y and lengths are read");
            }
        }
        if (x.rank() != 4 && x.rank() != 5) {
            throw new DataException(file + ": the frames 'x' must be [N, T, H, W, C] or [N, T, H, W] but are "
                    + x.shapeText());
        }
        int count = x.dim(0);
        int steps = x.dim(1);
        if (count == 0 || steps == 0) {
            throw new DataException(file + ": the frames 'x' " + x.shapeText() + " hold no sequences or no frames");
        }
        FrameShape shape = frameShape(x, 2, file);
        int[] lengths = lengths(arrays.get(LENGTHS), count, steps, file);
        boolean perFrame = y.rank() == 2;
        if (!(y.rank() == 1 && y.dim(0) == count) && !(perFrame && y.dim(0) == count && y.dim(1) == steps)) {
            throw new DataException(file + ": the labels 'y' must be [" + count + "] (one per sequence) or [" + count
                    + ", " + steps + "] (one per frame) to match the frames " + x.shapeText() + " but are "
                    + y.shapeText());
        }
        checkIntegral(y, file, "labels 'y'");
        List<double[][]> sequences = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            sequences.add(frames(x, (long) n * steps * shape.size(), lengths[n], shape, file + ", sequence " + n));
            labels.add(labelsOf(y, n, perFrame ? lengths[n] : 1, steps, file + ", sequence " + n));
        }
        return new FrameSequences(shape, sequences, labels, perFrame, numberedClasses(labels, file));
    }

    /** The frame shape of axes {@code from} on: H, W and C, or H and W with one channel. */
    private static FrameShape frameShape(NpyArray a, int from, String where) {
        int channels = a.rank() == from + 3 ? a.dim(from + 2) : 1;
        if (a.dim(from) == 0 || a.dim(from + 1) == 0 || channels == 0) {
            throw new DataException(where + ": frames of " + a.shapeText() + " hold no pixels");
        }
        return new FrameShape(a.dim(from), a.dim(from + 1), channels);
    }

    private static int[] lengths(NpyArray a, int count, int steps, String file) {
        int[] lengths = new int[count];
        if (a == null) {
            Arrays.fill(lengths, steps);
            return lengths;
        }
        if (a.rank() != 1 || a.dim(0) != count) {
            throw new DataException(file + ": 'lengths' must be [" + count + "], one per sequence, but is "
                    + a.shapeText());
        }
        checkIntegral(a, file, "'lengths'");
        for (int n = 0; n < count; n++) {
            double v = a.values()[n];
            if (v < 1 || v > steps) {
                throw new DataException(file + ": sequence " + n + " has length " + (long) v + ", outside [1, " + steps
                        + "]");
            }
            lengths[n] = (int) v;
        }
        return lengths;
    }

    private static void checkIntegral(NpyArray a, String file, String what) {
        if (!a.type().integral()) {
            throw new DataException(file + ": the " + what + " must be integers but are " + a.type().descr());
        }
    }

    /** {@code length} frames from {@code start} on, uint8 scaled to [0, 1]; non-finite values refused. */
    private static double[][] frames(NpyArray a, long start, int length, FrameShape shape, String where) {
        // Divided rather than multiplied by 1/255, so that k/255 comes back exactly.
        double divisor = a.type() == NpyType.UINT8 ? 255 : 1;
        double[] v = a.values();
        double[][] out = new double[length][shape.size()];
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < shape.size(); i++) {
                double value = v[(int) (start + (long) t * shape.size() + i)];
                if (!Double.isFinite(value)) {
                    throw new DataException(where + ": frame " + t + " holds " + value + "; frames must be finite");
                }
                out[t][i] = value / divisor;
            }
        }
        return out;
    }

    /** Sequence n's class (one value), or the classes of its first {@code length} frames. */
    private static int[] labelsOf(NpyArray y, int n, int length, int steps, String where) {
        int[] out = new int[length];
        for (int t = 0; t < length; t++) {
            double v = y.values()[y.rank() == 1 ? n : n * steps + t];
            if (v < 0) {
                throw new DataException(where + ": has label " + (long) v + "; labels are class numbers from 0");
            }
            out[t] = (int) v;
        }
        return out;
    }

    /** Classes 0 to the largest label, named by their numbers. */
    private static List<String> numberedClasses(List<int[]> labels, String file) {
        int largest = labels.stream().flatMapToInt(Arrays::stream).max().orElse(0);
        if (largest >= 100_000) {
            throw new DataException(file + ": has label " + largest + "; labels number the classes from 0, and "
                    + "there would be more than 100000");
        }
        List<String> out = new ArrayList<>();
        for (int c = 0; c <= largest; c++) {
            out.add(Integer.toString(c));
        }
        return out;
    }

    private static Map<String, NpyArray> readSafetensors(Path path) {
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(path);
        } catch (SafetensorsException e) {
            throw new DataException(e.getMessage());
        }
        Map<String, NpyArray> out = new LinkedHashMap<>();
        contents.tensors().forEach((key, t) -> out.put(key, asArray(path + ", tensor '" + key + "'", t,
                contents.dtypes().get(key))));
        return out;
    }

    /** A safetensors tensor as the array type whose values it holds. */
    private static NpyArray asArray(String where, Tensor t, DType dtype) {
        NpyType type = switch (dtype) {
            case F64 -> NpyType.FLOAT64;
            // Half precision values are exact in float32.
            case F32, F16, BF16 -> NpyType.FLOAT32;
            case U8 -> NpyType.UINT8;
            case I8 -> NpyType.INT8;
            case I16 -> NpyType.INT16;
            case I32 -> NpyType.INT32;
            case I64 -> NpyType.INT64;
            case BOOL -> throw new DataException(where + ": holds booleans; frames, labels and lengths are numbers");
        };
        return new NpyArray(where, t.shape(), type, t.data());
    }

    private static FrameSequences readDirectory(Path dir) {
        List<Path> folders = list(dir).filter(Files::isDirectory).sorted().toList();
        if (folders.isEmpty()) {
            throw new DataException(dir + ": holds no class folders; a directory of sequences holds one folder per "
                    + "class with one .npy file per sequence");
        }
        FrameShape shape = null;
        List<double[][]> sequences = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (Path folder : folders) {
            List<Path> files = list(folder).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            if (files.isEmpty()) {
                throw new DataException(folder + ": the class folder holds no .npy sequences");
            }
            for (Path file : files) {
                NpyArray a = sequenceArray(file);
                FrameShape s = frameShape(a, 1, file.toString());
                if (shape != null && !shape.equals(s)) {
                    throw new DataException(file + ": has frames of " + s + " but the sequences before it have " + shape);
                }
                shape = s;
                sequences.add(frames(a, 0, a.dim(0), s, file.toString()));
                labels.add(new int[] {classes.size()});
            }
            classes.add(folder.getFileName().toString());
        }
        return new FrameSequences(shape, sequences, labels, false, classes);
    }

    private static NpyArray sequenceArray(Path file) {
        if (!file.getFileName().toString().endsWith(".npy") || Files.isDirectory(file)) {
            throw new DataException(file + ": not a .npy sequence; a class folder holds one .npy file per sequence");
        }
        NpyArray a = Npy.read(file);
        if ((a.rank() != 3 && a.rank() != 4) || a.dim(0) == 0) {
            throw new DataException(file + ": a sequence must be [T, H, W, C] or [T, H, W] with T at least 1 but is "
                    + a.shapeText());
        }
        return a;
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList().stream();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot be listed (" + e.getMessage() + ")");
        }
    }
}
