package io.rnnc.runtime.export;

import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.tensor.Tensor;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An exported model's file and parameters as one binary file, read with nothing but
 * {@link DataInputStream} and each tensor's values straight into its array: the jar starts
 * without a JSON binder's classes and reflection. Big-endian, after the magic {@code RNNCM}
 * and a version; strings as UTF-8 with their length, lists with their size; each tensor as
 * its name, shape and values in float64, or float32 where the layer reading it computes in
 * float32 (the value it reads is then the same).
 */
public final class ModelBinary {
    private static final byte[] MAGIC = "RNNCM".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private ModelBinary() {
    }

    /** What the file holds: the model's description and its parameters by name. */
    public record Contents(ModelFile file, Map<String, Tensor> tensors) {
    }

    /**
     * Writes the model and its parameters.
     *
     * @param asFloat32 the parameters to store in float32 (read by float32 layers alone)
     */
    public static void write(ModelFile file, Map<String, Tensor> tensors, Set<String> asFloat32, OutputStream out)
            throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.write(MAGIC);
        d.writeInt(VERSION);
        Writer w = new Writer(d);
        w.model(file);
        d.writeInt(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            w.tensor(e.getKey(), e.getValue(), asFloat32.contains(e.getKey()));
        }
        d.flush();
    }

    /**
     * Reads what {@link #write} wrote.
     *
     * @param name names the file in messages
     * @throws DataException when it is not such a file, or a damaged one
     */
    public static Contents read(String name, InputStream in) {
        DataInputStream d = new DataInputStream(in);
        try {
            byte[] magic = d.readNBytes(MAGIC.length);
            if (!java.util.Arrays.equals(magic, MAGIC) || d.readInt() != VERSION) {
                throw new DataException(name + ": not a model file of this runtime's version");
            }
            Reader r = new Reader(d);
            ModelFile file = r.model();
            int n = r.count();
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                String tensorName = r.string();
                tensors.put(tensorName, r.tensor());
            }
            return new Contents(file, tensors);
        } catch (EOFException e) {
            throw new DataException(name + ": ends early; the jar is damaged");
        } catch (IOException | IllegalArgumentException e) {
            throw new DataException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static final class Writer {
        private final DataOutputStream d;

        Writer(DataOutputStream d) {
            this.d = d;
        }

        void model(ModelFile f) throws IOException {
            string(f.task());
            d.writeInt(f.encoders().size());
            for (Map.Entry<String, String> e : f.encoders().entrySet()) {
                string(e.getKey());
                string(e.getValue());
            }
            string(f.header().name());
            d.writeInt(f.batch());
            d.writeInt(f.steps());
            d.writeInt(f.horizon());
            network(f.model());
            list(f.encoder(), this::layer);
        }

        void network(ModelFile.Network n) throws IOException {
            list(n.body(), this::layer);
            layer(n.head());
            string(n.headKind());
            string(n.pooling());
        }

        void layer(ModelFile.LayerFile l) throws IOException {
            string(l.kind().name());
            string(l.prefix());
            d.writeInt(l.inputSize());
            d.writeInt(l.outputSize());
            string(l.activation());
            d.writeInt(l.kernel());
            d.writeBoolean(l.causal());
            list(l.directions(), dir -> {
                list(dir.plans(), this::plan);
                list(dir.parameters(), this::string);
            });
        }

        void plan(CellPlan p) throws IOException {
            string(p.cell());
            d.writeBoolean(p.f64());
            d.writeInt(p.lanes());
            d.writeInt(p.inputSize());
            list(p.arrays(), a -> {
                string(a.kind().name());
                d.writeInt(a.width());
                d.writeInt(a.before());
                string(a.name());
            });
            list(p.buffers(), b -> {
                d.writeInt(b.array());
                d.writeInt(b.shift());
            });
            d.writeInt(p.inputArray());
            slot(p.output());
            list(p.states(), s -> {
                string(s.name());
                d.writeInt(s.array());
                d.writeInt(s.width());
                d.writeInt(s.maxLag());
            });
            list(p.maskArrays(), d::writeInt);
            list(p.matrices(), m -> {
                d.writeInt(m.rows());
                d.writeInt(m.cols());
                list(m.copies(), c -> {
                    string(c.param());
                    d.writeInt(c.start());
                    d.writeInt(c.step());
                    d.writeInt(c.at());
                    d.writeInt(c.n());
                });
            });
            list(p.hoist(), this::stage);
            list(p.forward(), this::stage);
            list(List.copyOf(p.kernelClasses().entrySet()), k -> {
                string(k.getKey());
                d.writeInt(k.getValue().length);
                d.write(k.getValue());
            });
        }

        void stage(CellPlan.StagePlan s) throws IOException {
            list(s.products(), p -> {
                slot(p.in());
                slot(p.out());
                d.writeInt(p.matrix());
                d.writeBoolean(p.transposed());
            });
            string(s.kernel());
        }

        void slot(CellPlan.SlotPlan s) throws IOException {
            d.writeInt(s.buffer());
            d.writeInt(s.stride());
            d.writeInt(s.offset());
            d.writeInt(s.width());
        }

        void tensor(String name, Tensor t, boolean float32) throws IOException {
            string(name);
            int[] shape = t.shape();
            d.writeInt(shape.length);
            for (int s : shape) {
                d.writeInt(s);
            }
            double[] v = t.data();
            d.writeBoolean(float32);
            ByteBuffer b = ByteBuffer.allocate(v.length * (float32 ? Float.BYTES : Double.BYTES));
            if (float32) {
                for (double x : v) {
                    b.putFloat((float) x);
                }
            } else {
                b.asDoubleBuffer().put(v);
            }
            d.write(b.array());
        }

        /** A string, or null, as its UTF-8 bytes' count (−1 for null) and the bytes. */
        void string(String s) throws IOException {
            if (s == null) {
                d.writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            d.writeInt(b.length);
            d.write(b);
        }

        interface Item<T> {
            void write(T t) throws IOException;
        }

        <T> void list(List<T> items, Item<T> item) throws IOException {
            d.writeInt(items.size());
            for (T t : items) {
                item.write(t);
            }
        }
    }

    private static final class Reader {
        private final DataInputStream d;

        Reader(DataInputStream d) {
            this.d = d;
        }

        ModelFile model() throws IOException {
            String task = string();
            int n = count();
            Map<String, String> encoders = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                encoders.put(string(), string());
            }
            TsvPairs.Header header = TsvPairs.Header.valueOf(string());
            int batch = d.readInt();
            int steps = d.readInt();
            int horizon = d.readInt();
            ModelFile.Network model = network();
            return new ModelFile(task, encoders, header, batch, steps, horizon, model, list(this::layer));
        }

        ModelFile.Network network() throws IOException {
            List<ModelFile.LayerFile> body = list(this::layer);
            return new ModelFile.Network(body, layer(), string(), string());
        }

        ModelFile.LayerFile layer() throws IOException {
            ModelFile.Kind kind = ModelFile.Kind.valueOf(string());
            String prefix = string();
            int in = d.readInt();
            int out = d.readInt();
            String activation = string();
            int kernel = d.readInt();
            boolean causal = d.readBoolean();
            return new ModelFile.LayerFile(kind, prefix, in, out, activation, kernel, causal,
                    list(() -> new ModelFile.Direction(list(this::plan), list(this::string))));
        }

        CellPlan plan() throws IOException {
            String cell = string();
            boolean f64 = d.readBoolean();
            int lanes = d.readInt();
            int inputSize = d.readInt();
            List<CellPlan.ArrayPlan> arrays = list(() -> new CellPlan.ArrayPlan(CellPlan.Kind.valueOf(string()),
                    d.readInt(), d.readInt(), string()));
            List<CellPlan.BufferPlan> buffers = list(() -> new CellPlan.BufferPlan(d.readInt(), d.readInt()));
            int inputArray = d.readInt();
            CellPlan.SlotPlan output = slot();
            List<CellPlan.StatePlan> states = list(() -> new CellPlan.StatePlan(string(), d.readInt(), d.readInt(),
                    d.readInt()));
            List<Integer> masks = list(d::readInt);
            List<CellPlan.MatrixPlan> matrices = list(() -> new CellPlan.MatrixPlan(d.readInt(), d.readInt(),
                    list(() -> new CellPlan.RowCopy(string(), d.readInt(), d.readInt(), d.readInt(), d.readInt()))));
            List<CellPlan.StagePlan> hoist = list(this::stage);
            List<CellPlan.StagePlan> forward = list(this::stage);
            Map<String, byte[]> classes = new LinkedHashMap<>();
            int n = count();
            for (int i = 0; i < n; i++) {
                classes.put(string(), d.readNBytes(count()));
            }
            return new CellPlan(cell, f64, lanes, inputSize, arrays, buffers, inputArray, output, states, masks,
                    matrices, hoist, forward, classes);
        }

        CellPlan.StagePlan stage() throws IOException {
            List<CellPlan.ProductPlan> products = list(() -> new CellPlan.ProductPlan(slot(), slot(), d.readInt(),
                    d.readBoolean()));
            return new CellPlan.StagePlan(products, string());
        }

        CellPlan.SlotPlan slot() throws IOException {
            return new CellPlan.SlotPlan(d.readInt(), d.readInt(), d.readInt(), d.readInt());
        }

        Tensor tensor() throws IOException {
            int[] shape = new int[count()];
            long size = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = count();
                size *= shape[i];
            }
            boolean float32 = d.readBoolean();
            if (size > Integer.MAX_VALUE / Double.BYTES) {
                throw new IllegalArgumentException("a tensor of " + size + " values");
            }
            double[] values = new double[(int) size];
            ByteBuffer b = ByteBuffer.wrap(d.readNBytes(values.length * (float32 ? Float.BYTES : Double.BYTES)));
            if (b.remaining() != values.length * (float32 ? Float.BYTES : Double.BYTES)) {
                throw new EOFException();
            }
            if (float32) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = b.getFloat();
                }
            } else {
                b.asDoubleBuffer().get(values);
            }
            return new Tensor(shape, values);
        }

        /** A size: not negative. */
        int count() throws IOException {
            int n = d.readInt();
            if (n < 0) {
                throw new IllegalArgumentException("a negative size");
            }
            return n;
        }

        String string() throws IOException {
            int n = d.readInt();
            if (n < -1) {
                throw new IllegalArgumentException("a negative size");
            }
            if (n == -1) {
                return null;
            }
            byte[] b = d.readNBytes(n);
            if (b.length != n) {
                throw new EOFException();
            }
            return new String(b, StandardCharsets.UTF_8);
        }

        interface Item<T> {
            T read() throws IOException;
        }

        <T> List<T> list(Item<T> item) throws IOException {
            int n = count();
            List<T> out = new ArrayList<>(Math.min(n, 1 << 16));
            for (int i = 0; i < n; i++) {
                out.add(item.read());
            }
            return out;
        }
    }
}
