package io.rnnc.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker itself: it passes a right gradient, even at a kink, and catches a wrong one. */
class GradientCheckTest {

    /**
     * {@code y_t = f(w + x_t)} with {@code f(z) = z·|z|}, whose derivative 2|z| is continuous
     * but whose curvature jumps at 0; no state. {@code slope} scales the gradient it reports.
     */
    private static final class KinkLayer implements RecurrentLayer {
        private final Map<String, Tensor> params = new HashMap<>();
        private final double slope;

        KinkLayer(double w, double slope) {
            params.put("w", new Tensor(new int[] {1}, new double[] {w}));
            this.slope = slope;
        }

        @Override
        public int inputSize() {
            return 1;
        }

        @Override
        public int outputSize() {
            return 1;
        }

        @Override
        public List<String> stateNames() {
            return List.of();
        }

        @Override
        public int stateSize(String state) {
            throw new IllegalArgumentException(state);
        }

        @Override
        public Map<String, Tensor> parameters() {
            return params;
        }

        @Override
        public Forward forward(double[][][] x, int[] lengths, Map<String, double[][]> initial) {
            double w = params.get("w").data()[0];
            double[][][] y = new double[x.length][lengths.length][1];
            for (int t = 0; t < x.length; t++) {
                for (int b = 0; b < lengths.length; b++) {
                    double z = w + x[t][b][0];
                    y[t][b][0] = z * Math.abs(z);
                }
            }
            return new Forward(y, Map.of(), x);
        }

        @Override
        public Backward backward(Forward f, double[][][] dy, Map<String, double[][]> dFinal,
                                 Map<String, Tensor> grads) {
            double[][][] x = (double[][][]) f.saved();
            double w = params.get("w").data()[0];
            double[][][] dx = new double[x.length][x[0].length][1];
            double dw = 0;
            for (int t = 0; t < x.length; t++) {
                for (int b = 0; b < x[t].length; b++) {
                    dx[t][b][0] = slope * 2 * Math.abs(w + x[t][b][0]) * dy[t][b][0];
                    dw += dx[t][b][0];
                }
            }
            grads.put("w", new Tensor(new int[] {1}, new double[] {dw}));
            return new Backward(dx, Map.of());
        }
    }

    /** One step, one sample, the input 1: z = w + 1. */
    private static Map<String, Double> check(double w, double slope) {
        double[][][] x = {{{1}}};
        return new GradientCheck(new KinkLayer(w, slope), x, new int[] {1}, Map.of(), new Random(1), 1e-4).run();
    }

    @Test
    void rightGradientAwayFromTheKinkPasses() {
        check(0.3, 1).forEach((name, err) -> assertTrue(err < 1e-9, name + ": " + err));
    }

    @Test
    void rightGradientWithTheKinkInsideTheStencilPasses() {
        // z = 5e-5: the five-point stencil of step 1e-4 reaches across z = 0, where f'' jumps.
        check(-1 + 5e-5, 1).forEach((name, err) -> assertTrue(err < 1e-9, name + ": " + err));
    }

    @Test
    void wrongGradientFailsEvenAtTheKink() {
        for (double w : new double[] {0.3, -1 + 5e-5}) {
            check(w, 1.001).forEach((name, err) -> assertTrue(err > 1e-4, "w=" + w + " " + name + ": " + err));
        }
    }
}
