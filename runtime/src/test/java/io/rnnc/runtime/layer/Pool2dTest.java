package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.Conv2dTest.shape;
import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static io.rnnc.runtime.layer.TorchCases.as;
import static io.rnnc.runtime.layer.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.tensor.RandomArrays;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Max and average pooling agree with PyTorch and with finite differences. */
class Pool2dTest {

    @Test
    void matchesPyTorch() {
        for (JsonElement e : TorchCases.load("/layer/frame_cases.json").getAsJsonArray("pool2d")) {
            JsonObject c = e.getAsJsonObject();
            String name = "pool2d " + c.get("name").getAsString();
            Pool2d.Kind kind = c.get("kind").getAsString().equals("max") ? Pool2d.Kind.MAX : Pool2d.Kind.AVERAGE;
            Pool2d pool = new Pool2d(shape(c, "shape"), kind, c.get("kernel").getAsInt(), c.get("stride").getAsInt());
            assertEquals(shape(c, "outShape"), pool.outputShape(), name + " output shape");
            FrameLayer.Pass pass = pool.forward(as(c.get("x"), double[].class), c.get("frames").getAsInt(), true);
            assertClose(as(c.get("y"), double[].class), pass.y(), name + " y");
            double[] dx = pool.backward(pass, as(c.get("dy"), double[].class), new HashMap<>(), true);
            assertClose(as(c.get("dx"), double[].class), dx, name + " dx");
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(41);
        FrameShape in = new FrameShape(5, 6, 2);
        int[] lengths = {2, 1};
        double[][][] x = RandomArrays.sequence(2, 2, in.size(), rng);
        for (Pool2d.Kind kind : Pool2d.Kind.values()) {
            Pool2d pool = new Pool2d(in, kind, 3, 2);
            new LayerCheck(() -> new FrameStack(List.of(pool)), true).assertGradients(x, lengths, rng);
        }
    }

    @Test
    void maxSendsTheGradientToTheFirstMaximum() {
        Pool2d pool = new Pool2d(new FrameShape(2, 2, 1), Pool2d.Kind.MAX, 2, 2);
        FrameLayer.Pass pass = pool.forward(new double[] {1, 3, 3, 2}, 1, true);
        assertArrayEquals(new double[] {3}, pass.y());
        assertArrayEquals(new double[] {0, 5, 0, 0}, pool.backward(pass, new double[] {5}, new HashMap<>(), true));
    }

    @Test
    void poolsEachChannelApart() {
        Pool2d pool = new Pool2d(new FrameShape(2, 2, 2), Pool2d.Kind.AVERAGE, 2, 2);
        // Pixels (0,0) (0,1) (1,0) (1,1), two channels each.
        double[] y = pool.forward(new double[] {1, 10, 2, 20, 3, 30, 4, 40}, 1, false).y();
        assertArrayEquals(new double[] {2.5, 25}, y);
    }

    @Test
    void paddedFramesInfluenceNothing() {
        Random rng = new Random(42);
        FrameShape in = new FrameShape(4, 4, 2);
        double[][][] x = RandomArrays.sequence(3, 2, in.size(), rng);
        for (Pool2d.Kind kind : Pool2d.Kind.values()) {
            Pool2d pool = new Pool2d(in, kind, 2, 2);
            new LayerCheck(() -> new FrameStack(List.of(pool)), true)
                    .assertPaddingInvariance(x, new int[] {1, 3}, rng);
        }
    }

    @Test
    void carriesItsShapesAndRejectsBadConfiguration() {
        FrameShape in = new FrameShape(24, 24, 8);
        Pool2d pool = new Pool2d(in, Pool2d.Kind.MAX, 2, 2);
        assertEquals(new FrameShape(12, 12, 8), pool.outputShape());
        assertEquals(new FrameShape(11, 11, 8), new Pool2d(in, Pool2d.Kind.AVERAGE, 3, 2).outputShape());
        assertTrue(pool.parameters().isEmpty());
        assertMessage(() -> new Pool2d(new FrameShape(2, 5, 1), Pool2d.Kind.MAX, 3, 3), "does not fit in 2 pixels");
        assertMessage(() -> new Pool2d(in, Pool2d.Kind.MAX, 0, 1), "kernel");
        assertMessage(() -> new Pool2d(in, Pool2d.Kind.MAX, 2, 0), "stride");
        assertMessage(() -> new Pool2d(in, null, 2, 2), "kind");
    }
}
