package io.rnnc.runtime.init;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Random;

/**
 * Glorot initialisation with gain 1, keeping the variance {@code 2 / (fanIn + fanOut)}: uniform on
 * {@code ±√(6 / (fanIn + fanOut))}, or normal with that variance, as torch.nn.init's
 * {@code xavier_uniform_} and {@code xavier_normal_}.
 */
final class Xavier implements Initializer {

    private final boolean normal;

    Xavier(boolean normal) {
        this.normal = normal;
    }

    @Override
    public void fill(Tensor t, Random rng) {
        long[] fans = Shapes.fans(t, name());
        if (t.size() == 0) {
            return;
        }
        double std = Math.sqrt(2.0 / (fans[0] + fans[1]));
        double[] data = t.data();
        if (normal) {
            for (int i = 0; i < data.length; i++) {
                data[i] = std * rng.nextGaussian();
            }
        } else {
            UniformFill.fillUniform(data, Math.sqrt(3.0) * std, rng);
        }
    }

    @Override
    public String name() {
        return normal ? "xavier_normal" : "xavier_uniform";
    }
}
