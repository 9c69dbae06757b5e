package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.io.DType;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rnnc train --init-from FILE` starts from saved parameters, by rnnc's names or PyTorch's, and
 * names a missing, misshapen or unused tensor in one sentence.
 */
class InitFromTest {
    private static final String TEXT = "the cat sat on the mat. the dog ran to the cat. ".repeat(20);

    private static String[] train(Path data, Path ckpt, String... more) {
        String[] base = {"train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "8", "--steps", "8",
            "--batch", "4", "--max-steps", "2", "--sample", "0", "--seed", "5", "--checkpoint", ckpt.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** A checkpoint's PyTorch tensors, as a `torch.nn.GRU`'s state_dict saves them, and its head under rnnc's names. */
    private static Map<String, Tensor> asPyTorch(Path checkpoint) throws Exception {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Safetensors.read(checkpoint).tensors().forEach((name, t) -> {
            if (name.startsWith("torch.")) {
                out.put(name.substring("torch.".length()), t);
            } else if (name.startsWith("head.")) {
                out.put(name, t);
            }
        });
        return out;
    }

    @Test
    void pyTorchNamesStartTheSameRunAsRnncNames(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path first = dir.resolve("first.safetensors");
        assertEquals(0, rnnc(train(data, first)).status());
        Path torch = dir.resolve("torch.safetensors");
        Safetensors.write(torch, asPyTorch(first), Map.of(), DType.F32);
        Path byRnnc = dir.resolve("rnnc.safetensors");
        Path byTorch = dir.resolve("from-torch.safetensors");
        TrainCommandTest.Result a = rnnc(train(data, byRnnc, "--init-from", first.toString()));
        TrainCommandTest.Result b = rnnc(train(data, byTorch, "--init-from", torch.toString()));
        assertEquals(0, a.status(), a.err());
        assertEquals(0, b.status(), b.err());
        assertTrue(b.out().contains("initialised from " + torch + ": 6 tensors (PyTorch's names)"), b.out());
        assertFalse(b.out().contains("start at random"), b.out());
        Map<String, Tensor> x = Checkpoint.load(byRnnc).parameters();
        Map<String, Tensor> y = Checkpoint.load(byTorch).parameters();
        // Float32 in the PyTorch file: the same start to float32's precision, so nearly the same end.
        x.forEach((k, t) -> {
            for (int i = 0; i < t.size(); i++) {
                assertEquals(t.data()[i], y.get(k).data()[i], 1e-5, k);
            }
        });
        assertEquals(torch.toString(), Checkpoint.load(byTorch).run().training().initFrom());

        Map<String, Tensor> lstmOnly = asPyTorch(first);
        lstmOnly.remove("head.weight");
        lstmOnly.remove("head.bias");
        Safetensors.write(torch, lstmOnly, Map.of(), DType.F64);
        TrainCommandTest.Result c = rnnc(train(data, byTorch, "--init-from", torch.toString()));
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("initialised from " + torch + ": 4 tensors (PyTorch's names); head.")
                && c.out().contains(" start at random"), c.out());
        assertArrayEquals(lstmOnly.get("weight_hh_l0").data(), Safetensors.read(first).tensors().get("torch.weight_hh_l0").data());
    }

    @Test
    void aMissingMisshapenOrUnusedTensorIsNamed(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path first = dir.resolve("first.safetensors");
        assertEquals(0, rnnc(train(data, first)).status());
        Path torch = dir.resolve("torch.safetensors");
        Path out = dir.resolve("out.safetensors");

        Map<String, Tensor> missing = asPyTorch(first);
        missing.remove("weight_hh_l0");
        Safetensors.write(torch, missing, Map.of(), DType.F32);
        failed(rnnc(train(data, out, "--init-from", torch.toString())), Exit.BAD_INPUT,
                "torch.safetensors: tensor `weight_hh_l0` is missing");

        Safetensors.write(torch, asPyTorch(first), Map.of(), DType.F32);
        failed(rnnc("train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "4", "--checkpoint",
                out.toString(), "--init-from", torch.toString()), Exit.BAD_INPUT,
                "torch.safetensors: `weight_ih_l0` has shape [24, ");

        Map<String, Tensor> deeper = asPyTorch(first);
        deeper.put("weight_hh_l1", deeper.get("weight_hh_l0"));
        Safetensors.write(torch, deeper, Map.of(), DType.F32);
        failed(rnnc(train(data, out, "--init-from", torch.toString())), Exit.BAD_INPUT,
                "tensor `weight_hh_l1` is not used by 1 one-directional layer of gru; tensors of layer 1 need --layers 2");

        Map<String, Tensor> own = new LinkedHashMap<>(Checkpoint.load(first).parameters());
        own.remove("W_hz_l0");
        Safetensors.write(torch, own, Map.of(), DType.F64);
        failed(rnnc(train(data, out, "--init-from", torch.toString())), Exit.BAD_INPUT,
                "torch.safetensors: parameter `W_hz_l0` is missing");

        failed(rnnc("train", "--resume", "--data", data.toString(), "--checkpoint", first.toString(), "--init-from",
                torch.toString()), Exit.USAGE, "--init-from starts a new run from saved parameters, and --resume continues");
        assertFalse(Files.exists(out), "no run started");
    }

    private static void failed(TrainCommandTest.Result r, int status, String phrase) {
        assertEquals(status, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(phrase), "expected `" + phrase + "` in: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
