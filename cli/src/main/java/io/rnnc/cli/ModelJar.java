package io.rnnc.cli;

import io.rnnc.runtime.export.ExportMain;
import io.rnnc.runtime.export.ModelBinary;
import io.rnnc.runtime.export.ModelFile;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Writes an exported model's jar: a manifest naming {@link ExportMain}, the model's file with its
 * parameters ({@link ModelBinary}, stored uncompressed), the generated kernels' class files, and the runtime it needs
 * ({@link RuntimeClasses}). Written to a temporary name and renamed, so a failure leaves no
 * half-written jar.
 */
final class ModelJar {
    private ModelJar() {
    }

    /**
     * @param parameters the model's parameters by name
     * @param float32 those read by float32 layers alone, stored in float32
     */
    static void write(Path jar, ModelFile model, Map<String, Tensor> parameters, Set<Tensor> float32) throws IOException {
        Path dir = jar.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not a temporary file's owner-only permissions: the jar is for others to run.
        Path tmp = dir.resolve("." + jar.getFileName() + ".part");
        try {
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ExportMain.class.getName());
            manifest.getMainAttributes().put(new Attributes.Name("Created-By"), "rnnc export");
            try (OutputStream file = Files.newOutputStream(tmp); JarOutputStream out = new JarOutputStream(file, manifest)) {
                Set<String> written = new HashSet<>();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                Set<String> names = new HashSet<>();
                parameters.forEach((name, t) -> {
                    if (float32.contains(t)) {
                        names.add(name);
                    }
                });
                ModelBinary.write(withoutClassFiles(model), parameters, names, bytes);
                putStored(out, written, ModelFile.RESOURCE, bytes.toByteArray());
                for (CellPlan p : plans(model)) {
                    for (Map.Entry<String, byte[]> k : p.kernelClasses().entrySet()) {
                        put(out, written, k.getKey().replace('.', '/') + ".class", k.getValue());
                    }
                }
                RuntimeClasses.copyInto(out, written, model.task().equals("regress"));
            }
            Files.move(tmp, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Every plan of every recurrent layer of the model (and of its encoder). */
    private static List<CellPlan> plans(ModelFile model) {
        return recurrentLayers(model).flatMap(l -> l.directions().stream()).flatMap(d -> d.plans().stream()).toList();
    }

    private static Stream<ModelFile.LayerFile> recurrentLayers(ModelFile model) {
        return Stream.concat(model.encoder().stream(), model.model().body().stream());
    }

    /** The model file as the jar holds it: the kernels of its plans are class files of the jar. */
    private static ModelFile withoutClassFiles(ModelFile m) {
        return new ModelFile(m.task(), m.encoders(), m.header(), m.batch(), m.steps(), m.horizon(), new ModelFile.Network(
                m.model().body().stream().map(ModelJar::withoutClassFiles).toList(), m.model().head(),
                m.model().headKind(), m.model().pooling()), m.encoder().stream().map(ModelJar::withoutClassFiles).toList());
    }

    private static ModelFile.LayerFile withoutClassFiles(ModelFile.LayerFile l) {
        return new ModelFile.LayerFile(l.kind(), l.prefix(), l.inputSize(), l.outputSize(), l.activation(), l.kernel(),
                l.causal(), l.directions().stream().map(d -> new ModelFile.Direction(d.plans().stream()
                        .map(ModelJar::withoutClassFiles).toList(), d.parameters())).toList());
    }

    /** The plan as the jar's model file holds it: its kernels are class files of the jar. */
    private static CellPlan withoutClassFiles(CellPlan p) {
        return new CellPlan(p.cell(), p.f64(), p.lanes(), p.inputSize(), p.arrays(), p.buffers(), p.inputArray(),
                p.output(), p.states(), p.maskArrays(), p.matrices(), p.hoist(), p.forward(), Map.of());
    }

    /** An entry stored as it is, not compressed: the model starts without inflating its weights (which hardly compress). */
    private static void putStored(JarOutputStream out, Set<String> written, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setMethod(JarEntry.STORED);
        e.setSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        written.add(name);
        out.putNextEntry(e);
        out.write(bytes);
        out.closeEntry();
    }

    private static void put(JarOutputStream out, Set<String> written, String name, byte[] bytes) throws IOException {
        written.add(name);
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
