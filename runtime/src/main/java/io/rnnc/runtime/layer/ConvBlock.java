package io.rnnc.runtime.layer;

import io.rnnc.runtime.kernels.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One block of a convolutional front end: a 2-D convolution with ReLU, then, optionally,
 * pooling. Written {@code CHANNELS:KHxKW} followed by options separated by commas:
 * {@code padP} (zero padding, default 0), {@code strideS} (default 1), {@code poolK} (max pooling
 * over K×K windows, stride K) or {@code avgpoolK}; {@code 8:3x3,pool2} is eight 3×3 filters and
 * 2×2 max pooling, {@code 16:5,pad2} sixteen 5×5 filters with padding 2.
 *
 * @param channels the convolution's output channels
 * @param kernelHeight rows a filter covers
 * @param kernelWidth columns a filter covers
 * @param stride the convolution's stride
 * @param padding the convolution's zero padding on each side
 * @param pool max or average pooling after the convolution, or null for none
 * @param poolSize the side (and stride) of the pooling windows; 0 without pooling
 */
public record ConvBlock(int channels, int kernelHeight, int kernelWidth, int stride, int padding, Pool2d.Kind pool,
                        int poolSize) {
    private static final Pattern HEAD = Pattern.compile("(\\d{1,6}):(\\d{1,4})(?:x(\\d{1,4}))?");
    private static final Pattern OPTION = Pattern.compile("(pad|stride|pool|avgpool)(\\d{1,4})");

    /** @throws IllegalArgumentException if a size is out of range */
    public ConvBlock {
        if (channels < 1 || kernelHeight < 1 || kernelWidth < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("a convolution needs positive channels, kernel and stride, and padding "
                    + "of at least 0");
        }
        if ((pool == null) != (poolSize == 0) || poolSize < 0) {
            throw new IllegalArgumentException("pooling needs a window of at least 1, and no pooling none");
        }
    }

    /**
     * The block written as the class comment says.
     *
     * @throws IllegalArgumentException with one sentence that shows the form, if the text is not one
     */
    public static ConvBlock parse(String text) {
        String[] parts = text == null ? new String[] {""} : text.strip().split(",", -1);
        Matcher head = HEAD.matcher(parts[0].strip());
        if (!head.matches()) {
            throw malformed(text, "it must start with CHANNELS:KHxKW, such as 8:3x3");
        }
        int kernelHeight = Integer.parseInt(head.group(2));
        int kernelWidth = head.group(3) == null ? kernelHeight : Integer.parseInt(head.group(3));
        int stride = 1;
        int padding = 0;
        Pool2d.Kind pool = null;
        int poolSize = 0;
        for (int i = 1; i < parts.length; i++) {
            Matcher m = OPTION.matcher(parts[i].strip());
            if (!m.matches()) {
                throw malformed(text, "`" + parts[i].strip() + "` is none of padP, strideS, poolK and avgpoolK");
            }
            int value = Integer.parseInt(m.group(2));
            switch (m.group(1)) {
                case "pad" -> padding = value;
                case "stride" -> stride = value;
                default -> {
                    pool = m.group(1).equals("pool") ? Pool2d.Kind.MAX : Pool2d.Kind.AVERAGE;
                    poolSize = value;
                }
            }
        }
        try {
            return new ConvBlock(Integer.parseInt(head.group(1)), kernelHeight, kernelWidth, stride, padding, pool,
                    poolSize);
        } catch (IllegalArgumentException e) {
            throw malformed(text, e.getMessage());
        }
    }

    private static IllegalArgumentException malformed(String text, String why) {
        return new IllegalArgumentException("`" + text + "` is not a convolution block (" + why + "); write "
                + "CHANNELS:KHxKW[,padP][,strideS][,poolK|,avgpoolK], such as 8:3x3,pool2");
    }

    /** The block as {@link #parse} reads it, options that are not defaults only. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder().append(channels).append(':').append(kernelHeight).append('x')
                .append(kernelWidth);
        if (padding > 0) {
            s.append(",pad").append(padding);
        }
        if (stride > 1) {
            s.append(",stride").append(stride);
        }
        if (pool != null) {
            s.append(pool == Pool2d.Kind.MAX ? ",pool" : ",avgpool").append(poolSize);
        }
        return s.toString();
    }

    /**
     * The frame layers of blocks in order, from frames of {@code in}: a convolution with ReLU and
     * the pooling of each, parameters drawn from {@code rng}, computing on {@code pool}.
     *
     * @throws IllegalArgumentException naming the block whose kernel or pooling does not fit the
     *     frames it reads
     */
    public static FrameStack stack(FrameShape in, List<ConvBlock> blocks, Random rng, WorkerPool pool) {
        List<FrameLayer> layers = new ArrayList<>();
        FrameShape shape = in;
        for (int i = 0; i < blocks.size(); i++) {
            ConvBlock b = blocks.get(i);
            try {
                Conv2d conv = new Conv2d(shape, b.channels(), b.kernelHeight(), b.kernelWidth(), b.stride(),
                        b.padding(), Activation.RELU, rng, pool);
                layers.add(conv);
                shape = conv.outputShape();
                if (b.pool() != null) {
                    Pool2d pooling = new Pool2d(shape, b.pool(), b.poolSize(), b.poolSize(), pool);
                    layers.add(pooling);
                    shape = pooling.outputShape();
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("convolution block " + (i + 1) + " (" + b + ") reads frames of "
                        + shape + ": " + e.getMessage());
            }
        }
        return new FrameStack(layers);
    }
}
