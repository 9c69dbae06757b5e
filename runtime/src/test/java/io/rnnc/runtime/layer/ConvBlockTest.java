package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.runtime.kernels.WorkerPool;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Convolution blocks are written on one line, read back, and build the frame layers they say. */
class ConvBlockTest {

    @Test
    void readsTheShortAndTheLongForm() {
        assertEquals(new ConvBlock(8, 3, 3, 1, 0, Pool2d.Kind.MAX, 2), ConvBlock.parse("8:3x3,pool2"));
        assertEquals(new ConvBlock(16, 5, 5, 1, 2, null, 0), ConvBlock.parse("16:5,pad2"));
        assertEquals(new ConvBlock(4, 3, 5, 2, 1, Pool2d.Kind.AVERAGE, 3),
                ConvBlock.parse(" 4:3x5, stride2, pad1, avgpool3 "));
        for (String text : new String[] {"8:3x3,pool2", "16:5x5,pad2", "4:3x5,pad1,stride2,avgpool3"}) {
            assertEquals(text, ConvBlock.parse(text).toString());
        }
    }

    @Test
    void refusesWhatIsNotABlockInOneSentence() {
        String form = "; write CHANNELS:KHxKW[,padP][,strideS][,poolK|,avgpoolK], such as 8:3x3,pool2";
        assertMessage(() -> ConvBlock.parse("8x3x3"), "`8x3x3` is not a convolution block (it must start with "
                + "CHANNELS:KHxKW, such as 8:3x3)" + form);
        assertMessage(() -> ConvBlock.parse("8:3x3,maxpool2"), "`maxpool2` is none of padP, strideS, poolK and "
                + "avgpoolK");
        assertMessage(() -> ConvBlock.parse("0:3x3"), "positive channels");
        assertMessage(() -> ConvBlock.parse("8:3,stride0"), "positive channels, kernel and stride");
        assertMessage(() -> ConvBlock.parse("8:3,pool0"), "pooling needs a window of at least 1");
        assertMessage(() -> ConvBlock.parse(null), "is not a convolution block");
    }

    @Test
    void buildsTheFrameLayersItSays() {
        List<ConvBlock> blocks = List.of(ConvBlock.parse("8:3x3,pool2"), ConvBlock.parse("16:3x3,pad1,avgpool2"));
        FrameStack stack = ConvBlock.stack(FrameShape.parse("24x24x1"), blocks, new Random(1), new WorkerPool(2));
        assertEquals(4, stack.layers().size());
        assertEquals(new FrameShape(22, 22, 8), stack.layers().get(0).outputShape());
        assertEquals(new FrameShape(11, 11, 8), stack.layers().get(1).outputShape());
        assertEquals(new FrameShape(5, 5, 16), stack.outputShape());
        assertEquals(Pool2d.Kind.AVERAGE, ((Pool2d) stack.layers().get(3)).poolKind());
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias"),
                List.copyOf(stack.parameters().keySet()));
    }

    @Test
    void saysWhichBlockDoesNotFit() {
        List<ConvBlock> blocks = List.of(ConvBlock.parse("8:3x3,pool2"), ConvBlock.parse("8:5x5"));
        assertMessage(() -> ConvBlock.stack(FrameShape.parse("8x8x1"), blocks, new Random(1), new WorkerPool(2)),
                "convolution block 2 (8:5x5) reads frames of 3x3x8: a kernel of 5 does not fit in 3 pixels");
    }
}
