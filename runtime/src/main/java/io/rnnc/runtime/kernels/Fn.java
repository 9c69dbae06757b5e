package io.rnnc.runtime.kernels;

/**
 * The scalar functions generated kernels call, in float32 and float64. They are small static
 * methods so that the JIT inlines them into the fused loops. The float64 versions compute
 * exactly what the reference interpreter computes; the float32 ones may trade the last bits
 * for speed (tanh through exp).
 */
public final class Fn {
    /** The slope of leaky_relu below zero (PyTorch's default). */
    public static final double LEAKY_SLOPE = 0.01;

    private Fn() {
    }

    public static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    public static float sigmoid(float x) {
        return 1 / (1 + exp(-x));
    }

    public static double tanh(double x) {
        return Math.tanh(x);
    }

    /**
     * tanh through one exp (Math.tanh is not an intrinsic and costs several times more); near 0,
     * where (1 − e)/(1 + e) would cancel, its Taylor series; beyond ±10, where tanh rounds to
     * ±1 in float32, ±1 (below −44, e^−2x overflows and the quotient would be ∞/∞).
     */
    public static float tanh(float x) {
        if (x > 10) {
            return 1;
        }
        if (x < -10) {
            return -1;
        }
        if (Math.abs(x) < 0.1f) {
            float x2 = x * x;
            return x * (1 + x2 * (-1f / 3 + x2 * (2f / 15 + x2 * (-17f / 315))));
        }
        float e = exp(-2 * x);
        return (1 - e) / (1 + e);
    }

    public static double relu(double x) {
        return x > 0 ? x : 0;
    }

    public static float relu(float x) {
        return x > 0 ? x : 0;
    }

    public static double leakyRelu(double x) {
        return x > 0 ? x : LEAKY_SLOPE * x;
    }

    public static float leakyRelu(float x) {
        return x > 0 ? x : (float) LEAKY_SLOPE * x;
    }

    public static double elu(double x) {
        return x > 0 ? x : Math.expm1(x);
    }

    public static float elu(float x) {
        return x > 0 ? x : (float) Math.expm1(x);
    }

    public static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }

    public static float softplus(float x) {
        return (float) softplus((double) x);
    }

    public static double softsign(double x) {
        return x / (1 + Math.abs(x));
    }

    public static float softsign(float x) {
        return x / (1 + Math.abs(x));
    }

    public static double hardSigmoid(double x) {
        return Math.min(1, Math.max(0, x / 6 + 0.5));
    }

    public static float hardSigmoid(float x) {
        return Math.min(1f, Math.max(0f, x / 6 + 0.5f));
    }

    public static double exp(double x) {
        return Math.exp(x);
    }

    /**
     * e^x in float32 to a few ulp: 2^(x·log₂e) split into an integer power, set directly in
     * the exponent bits, and a fraction in [-½, ½], by its degree-6 Taylor polynomial. Several times faster than
     * Math.exp, which computes in double; the fused kernels call it millions of times a step.
     */
    public static float exp(float x) {
        if (x < -87.3f) {
            return 0;
        }
        if (x > 88.7f) {
            return Float.POSITIVE_INFINITY;
        }
        // The reduction in double: in float, x·log₂e would lose the low bits that decide 2^f.
        double t = x * 1.4426950408889634;
        double whole = Math.rint(t);
        float f = (float) (t - whole);
        float p = 1.0f + f * (0.693147182f + f * (0.240226507f + f * (0.0555041087f
                + f * (0.00961812911f + f * (0.00133335581f + f * 0.000154035304f)))));
        return Float.intBitsToFloat(Float.floatToRawIntBits(p) + ((int) whole << 23));
    }

    public static double log(double x) {
        return Math.log(x);
    }

    public static float log(float x) {
        return (float) Math.log(x);
    }

    public static double sqrt(double x) {
        return Math.sqrt(x);
    }

    public static float sqrt(float x) {
        return (float) Math.sqrt(x);
    }

    public static double abs(double x) {
        return Math.abs(x);
    }

    public static float abs(float x) {
        return Math.abs(x);
    }

    public static double pow(double x, double k) {
        return k == 2 ? x * x : Math.pow(x, k);
    }

    public static float pow(float x, float k) {
        return k == 2 ? x * x : (float) Math.pow(x, k);
    }

    public static double step(double x) {
        return x > 0 ? 1 : 0;
    }

    public static float step(float x) {
        return x > 0 ? 1 : 0;
    }

    public static double leakyStep(double x) {
        return x > 0 ? 1 : LEAKY_SLOPE;
    }

    public static float leakyStep(float x) {
        return x > 0 ? 1 : (float) LEAKY_SLOPE;
    }

    public static double eluSlope(double x) {
        return x > 0 ? 1 : Math.exp(x);
    }

    public static float eluSlope(float x) {
        return x > 0 ? 1 : (float) Math.exp(x);
    }

    public static double hardSigmoidSlope(double x) {
        return x > -3 && x < 3 ? 1.0 / 6 : 0;
    }

    public static float hardSigmoidSlope(float x) {
        return x > -3 && x < 3 ? 1f / 6 : 0;
    }

    public static double sign(double x) {
        return Math.signum(x);
    }

    public static float sign(float x) {
        return Math.signum(x);
    }

    public static double ge(double a, double b) {
        return a >= b ? 1 : 0;
    }

    public static float ge(float a, float b) {
        return a >= b ? 1 : 0;
    }

    public static double min(double a, double b) {
        return Math.min(a, b);
    }

    public static float min(float a, float b) {
        return Math.min(a, b);
    }

    public static double max(double a, double b) {
        return Math.max(a, b);
    }

    public static float max(float a, float b) {
        return Math.max(a, b);
    }
}
