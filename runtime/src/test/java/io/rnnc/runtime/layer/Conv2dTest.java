package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static io.rnnc.runtime.layer.DenseTest.assertWithin;
import static io.rnnc.runtime.layer.TorchCases.as;
import static io.rnnc.runtime.layer.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Conv2d agrees with PyTorch's conv2d and with finite differences, and carries its shapes. */
class Conv2dTest {

    @Test
    void matchesPyTorch() {
        for (JsonElement e : TorchCases.load("/layer/frame_cases.json").getAsJsonArray("conv2d")) {
            JsonObject c = e.getAsJsonObject();
            String name = "conv2d " + c.get("name").getAsString();
            int[] kernel = as(c.get("kernel"), int[].class);
            Conv2d conv = new Conv2d(shape(c, "shape"), c.get("out").getAsInt(), kernel[0], kernel[1],
                    c.get("stride").getAsInt(), c.get("padding").getAsInt(),
                    Activation.named(c.get("activation").getAsString()), new Random(0));
            assertEquals(shape(c, "outShape"), conv.outputShape(), name + " output shape");
            fill(conv.parameters().get("weight"), as(c.get("weight"), double[].class));
            fill(conv.parameters().get("bias"), as(c.get("bias"), double[].class));
            int frames = c.get("frames").getAsInt();
            FrameLayer.Pass pass = conv.forward(as(c.get("x"), double[].class), frames, true);
            assertClose(as(c.get("y"), double[].class), pass.y(), name + " y");
            Map<String, Tensor> grads = new HashMap<>();
            double[] dx = conv.backward(pass, as(c.get("dy"), double[].class), grads, true);
            assertClose(as(c.get("dx"), double[].class), dx, name + " dx");
            assertClose(as(c.get("dweight"), double[].class), grads.get("weight").data(), name + " dweight");
            assertClose(as(c.get("dbias"), double[].class), grads.get("bias").data(), name + " dbias");
        }
    }

    /** The frame shape stored as [height, width, channels] under {@code key}. */
    static FrameShape shape(JsonObject c, String key) {
        int[] s = as(c.get(key), int[].class);
        return new FrameShape(s[0], s[1], s[2]);
    }

    /** Copies a case's flat values into a parameter, which they must fill exactly. */
    static void fill(Tensor t, double[] values) {
        assertEquals(t.size(), values.length, "the case fills the whole tensor");
        System.arraycopy(values, 0, t.data(), 0, values.length);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(31);
        FrameShape in = new FrameShape(5, 6, 2);
        int[] lengths = {2, 0, 1};
        double[][][] x = RandomArrays.sequence(2, 3, in.size(), rng);
        Conv2d strided = new Conv2d(in, 3, 3, 3, 2, 1, Activation.TANH, rng);
        new LayerCheck(() -> new FrameStack(List.of(strided)), true).assertGradients(x, lengths, rng);
        Conv2d wide = new Conv2d(in, 2, 2, 4, 1, 0, Activation.IDENTITY, rng);
        new LayerCheck(() -> new FrameStack(List.of(wide)), true).assertGradients(x, lengths, rng);
    }

    @Test
    void paddedFramesInfluenceNothing() {
        Random rng = new Random(32);
        FrameShape in = new FrameShape(4, 4, 3);
        Conv2d conv = new Conv2d(in, 2, 3, 3, 1, 1, Activation.RELU, rng);
        double[][][] x = RandomArrays.sequence(4, 3, in.size(), rng);
        new LayerCheck(() -> new FrameStack(List.of(conv)), true).assertPaddingInvariance(x, new int[] {4, 1, 2}, rng);
    }

    @Test
    void carriesItsShapes() {
        Random rng = new Random(33);
        FrameShape in = FrameShape.parse("24x24x1");
        assertEquals(new FrameShape(24, 24, 8), new Conv2d(in, 8, 3, 3, 1, 1, Activation.RELU, rng).outputShape());
        assertEquals(new FrameShape(22, 22, 8), new Conv2d(in, 8, 3, 3, 1, 0, Activation.RELU, rng).outputShape());
        assertEquals(new FrameShape(12, 12, 4), new Conv2d(in, 4, 3, 3, 2, 1, Activation.RELU, rng).outputShape());
        assertEquals(new FrameShape(8, 7, 2), new Conv2d(in, 2, 3, 6, 3, 1, Activation.RELU, rng).outputShape());
        Conv2d conv = new Conv2d(in, 8, 3, 3, 1, 1, Activation.RELU, rng);
        assertEquals(in, conv.inputShape());
    }

    @Test
    void initializesLikePyTorchConv2d() {
        Conv2d conv = new Conv2d(new FrameShape(8, 8, 4), 6, 2, 2, 1, 0, Activation.IDENTITY, new Random(7));
        assertArrayEquals(new int[] {6, 4, 2, 2}, conv.parameters().get("weight").shape());
        assertArrayEquals(new int[] {6}, conv.parameters().get("bias").shape());
        assertWithin(conv.parameters().get("weight").data(), 0.25);
        assertWithin(conv.parameters().get("bias").data(), 0.25);
    }

    @Test
    void rejectsBadConfigurationAndInput() {
        FrameShape in = new FrameShape(4, 4, 1);
        Random rng = new Random(1);
        assertMessage(() -> new Conv2d(in, 2, 3, 3, 1, 3, Activation.RELU, rng), "smaller than the kernel");
        assertMessage(() -> new Conv2d(in, 2, 5, 5, 1, 0, Activation.RELU, rng), "does not fit in 4 pixels");
        assertMessage(() -> new Conv2d(in, 2, 3, 3, 0, 0, Activation.RELU, rng), "stride");
        assertMessage(() -> new Conv2d(in, 0, 3, 3, 1, 0, Activation.RELU, rng), "output channels");
        assertMessage(() -> new Conv2d(null, 2, 3, 3, 1, 0, Activation.RELU, rng), "input shape");
        Conv2d conv = new Conv2d(in, 2, 3, 3, 1, 1, Activation.RELU, rng);
        assertMessage(() -> conv.forward(new double[15], 1, false), "must hold 16 values but has 15");
        FrameLayer.Pass pass = conv.forward(new double[32], 2, false);
        assertMessage(() -> conv.backward(pass, new double[31], new HashMap<>(), true), "output gradient");
        Conv2d other = new Conv2d(in, 2, 3, 3, 1, 1, Activation.RELU, rng);
        assertMessage(() -> other.backward(pass, new double[64], new HashMap<>(), true), "own forward");
    }
}
