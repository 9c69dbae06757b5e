package io.rnnc.runtime.data;

import io.rnnc.runtime.layer.FrameShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image sequences, each with a class for the whole sequence or one for every frame, as read from
 * a user's files. Each step of a sequence is a frame flattened as {@link FrameShape} says
 * (height, width, channels). Frames stored as uint8 are scaled to [0, 1] (as torchvision's
 * {@code ToTensor} does); float frames are read as they are.
 *
 * <p>{@link #read} reads two layouts:
 * <ul>
 *   <li>a {@code .npz} archive or a {@code .safetensors} file holding {@code x}, the frames
 *       {@code [N, T, H, W, C]} (or {@code [N, T, H, W]} for one channel); {@code y}, integer
 *       classes {@code [N]} (one per sequence) or {@code [N, T]} (one per frame); and optionally
 *       {@code lengths} {@code [N]}, the number of valid frames of each sequence (the rest is
 *       padding, and ignored);
 *   <li>a directory with one folder per class, each holding one {@code .npy} file per sequence,
 *       {@code [T, H, W, C]} or {@code [T, H, W]}; the classes are the folders' names, sorted.
 * </ul>
 *
 * @param shape the shape of every frame
 * @param sequences each sequence's frames {@code [T][H·W·C]}
 * @param labels each sequence's class (an array of one), or its frames' classes (one per frame)
 * @param perFrame whether there is a class per frame rather than per sequence
 * @param classes the classes' names, by class id
 */
public record FrameSequences(FrameShape shape, List<double[][]> sequences, List<int[]> labels, boolean perFrame,
                             List<String> classes) {
    /**
     * @throws IllegalArgumentException if there is no sequence, the lists disagree in length, a
     *     frame is not of {@code shape}, or a label is not a class
     */
    public FrameSequences {
        sequences = List.copyOf(sequences);
        labels = List.copyOf(labels);
        classes = List.copyOf(classes);
        if (sequences.isEmpty() || sequences.size() != labels.size()) {
            throw new IllegalArgumentException("image sequences need at least one sequence and a label for each, not "
                    + sequences.size() + " sequences and " + labels.size() + " labels");
        }
        for (int n = 0; n < sequences.size(); n++) {
            checkSequence(n, sequences.get(n), labels.get(n), shape, perFrame, classes.size());
        }
    }

    private static void checkSequence(int n, double[][] frames, int[] labels, FrameShape shape, boolean perFrame,
                                      int classes) {
        if (frames.length == 0 || labels.length != (perFrame ? frames.length : 1)) {
            throw new IllegalArgumentException("sequence " + n + " has " + frames.length + " frames and "
                    + labels.length + " labels");
        }
        for (double[] frame : frames) {
            if (frame.length != shape.size()) {
                throw new IllegalArgumentException("sequence " + n + " has a frame of " + frame.length
                        + " values, not " + shape.size() + " (" + shape + ")");
            }
        }
        for (int label : labels) {
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("sequence " + n + " has label " + label + " but there are "
                        + classes + " classes");
            }
        }
    }

    /**
     * Reads image sequences from a {@code .npz} or {@code .safetensors} file or a directory of
     * class folders, as described above.
     *
     * @throws DataException one sentence naming the file and the problem, for anything else
     */
    public static FrameSequences read(Path path) {
        return FrameSequenceFiles.read(path);
    }

    /** The sequences as a data set: one class per sequence, or one per frame. */
    public SequenceDataset dataset() {
        if (perFrame) {
            return SequenceDataset.stepClasses(sequences, labels);
        }
        return SequenceDataset.sequenceClasses(sequences, labels.stream().map(l -> l[0]).toList());
    }

    /** The number of classes. */
    public int classCount() {
        return classes.size();
    }

    /**
     * Writes the sequences as a {@code .npz} archive that {@link #read} reads back: {@code x}
     * {@code [N, T, H, W, C]} padded with zeros to the longest sequence, {@code y} and
     * {@code lengths}. Frames whose values are all multiples of 1/255 in [0, 1] are stored as
     * uint8, others as float32. Class names are not stored: classes read back are numbered.
     *
     * @throws IOException if the file cannot be written
     */
    public void write(Path file) throws IOException {
        int steps = sequences.stream().mapToInt(q -> q.length).max().orElse(0);
        int count = sequences.size();
        boolean bytes = sequences.stream().flatMap(Arrays::stream).flatMapToDouble(Arrays::stream)
                .allMatch(v -> v >= 0 && v <= 1 && v * 255 == Math.rint(v * 255));
        double[] x = new double[count * steps * shape.size()];
        double[] y = new double[perFrame ? count * steps : count];
        double[] lengths = new double[count];
        for (int n = 0; n < count; n++) {
            double[][] seq = sequences.get(n);
            lengths[n] = seq.length;
            for (int t = 0; t < seq.length; t++) {
                for (int i = 0; i < shape.size(); i++) {
                    x[(n * steps + t) * shape.size() + i] = bytes ? Math.rint(seq[t][i] * 255) : seq[t][i];
                }
            }
            int[] l = labels.get(n);
            System.arraycopy(Arrays.stream(l).asDoubleStream().toArray(), 0, y, perFrame ? n * steps : n, l.length);
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put(FrameSequenceFiles.FRAMES, new NpyArray(FrameSequenceFiles.FRAMES, new int[] {count, steps, shape.height(), shape.width(),
            shape.channels()}, bytes ? NpyType.UINT8 : NpyType.FLOAT32, x));
        arrays.put(FrameSequenceFiles.LABELS, new NpyArray(FrameSequenceFiles.LABELS, perFrame ? new int[] {count, steps} : new int[] {count},
                NpyType.INT64, y));
        arrays.put(FrameSequenceFiles.LENGTHS, new NpyArray(FrameSequenceFiles.LENGTHS, new int[] {count}, NpyType.INT64, lengths));
        Npz.write(file, arrays);
    }
}
