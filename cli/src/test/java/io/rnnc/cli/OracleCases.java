package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The PyTorch-made reference cases (copied from the shared oracle into test resources), run
 * through `rnnc run` and compared as the oracle's check_case.py compares them: every expected
 * tensor (y, final states, grad_*) within a relative error of max|a−b| / max|b|.
 */
final class OracleCases {
    /** The cases, with the cell each was made for. */
    static final List<String> NAMES = List.of("rnn_tanh_basic", "lstm_basic", "gru_basic", "lstm_2layer",
            "gru_bidirectional", "mgu", "lstm_proj", "lstm_proj_2layer_bidirectional");

    private OracleCases() {
    }

    /** Copies a case (and the custom cell it needs) out of the test resources into {@code dir}. */
    static Path extract(String name, Path dir) throws IOException {
        Path c = dir.resolve(name + ".safetensors");
        copy("/oracle/" + name + ".safetensors", c);
        copy("/oracle/cells/mgu.rnn", dir.resolve("mgu.rnn"));
        return c;
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = OracleCases.class.getResourceAsStream(resource)) {
            Files.write(to, in.readAllBytes());
        }
    }

    /**
     * Runs `rnnc run` on a case and returns the worst relative error per expected tensor.
     *
     * @param extra further options (`--backend`, `--precision`)
     */
    static Map<String, Double> run(Path caseFile, Path dir, String... extra) throws Exception {
        Safetensors.Contents ref = Safetensors.read(caseFile);
        Map<String, String> meta = ref.metadata();
        String cell = meta.get("cell").startsWith("stdlib:") ? meta.get("cell") : dir.resolve("mgu.rnn").toString();
        Path out = dir.resolve("out.safetensors");
        List<String> args = new ArrayList<>(List.of("run", "--cell", cell, "--input", caseFile.toString(),
                "--out", out.toString(), "--layers", meta.get("layers")));
        if (meta.get("bidirectional").equals("true")) {
            args.add("--bidirectional");
        }
        args.addAll(Arrays.asList(extra));
        StringWriter err = new StringWriter();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        return compare(ref, Safetensors.read(out).tensors());
    }

    private static Map<String, Double> compare(Safetensors.Contents ref, Map<String, Tensor> candidate) {
        List<String> finals = new ArrayList<>();
        for (String s : ref.metadata().getOrDefault("states", "h,c").split(",")) {
            finals.add(s + "n");
        }
        Map<String, Double> errors = new TreeMap<>();
        ref.tensors().forEach((name, expected) -> {
            if (!(name.equals("y") || finals.contains(name) || name.startsWith("grad_"))) {
                return;
            }
            Tensor actual = candidate.get(name);
            if (actual == null || !Arrays.equals(actual.shape(), expected.shape())) {
                errors.put(name, Double.POSITIVE_INFINITY);
                return;
            }
            double maxDiff = 0;
            double maxRef = 0;
            for (int i = 0; i < expected.size(); i++) {
                maxDiff = Math.max(maxDiff, Math.abs(actual.data()[i] - expected.data()[i]));
                maxRef = Math.max(maxRef, Math.abs(expected.data()[i]));
            }
            double err = maxDiff / Math.max(maxRef, 1e-12);
            errors.put(name, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
        });
        return errors;
    }
}
