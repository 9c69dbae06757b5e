package io.rnnc.runtime.kernels;

/**
 * The scalar functions generated kernels call, in float32 and float64. They are small static
 * methods so that the JIT inlines them into the fused loops. The float64 versions compute
 * exactly what the reference interpreter computes; the float32 ones may trade the last bits
 * for speed (tanh through exp).
 *
 * <p>The float32 exp, sigmoid and tanh use only basic arithmetic, which rounds the same way in
 * every tier of the JIT and in every vector lane: the generated vector loops repeat these very
 * operations (the constants below), so a result does not depend on which code computed it.
 * The Vector API's own EXP and TANH give different bits compiled and interpreted, and training
 * runs with the same seed drifted apart after the JIT compiled the kernels.
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
        float a = Math.abs(x);
        float e = exp(a * -2f);
        float far = (1 - e) / (1 + e);
        float x2 = x * x;
        float near = x * (1 + x2 * (TANH_C1 + x2 * (TANH_C2 + x2 * TANH_C3)));
        return a < TANH_NEAR ? near : x < 0 ? -far : far;
    }

    /** Below this |x|, tanh is its Taylor series: (1 − e)/(1 + e) would cancel. */
    public static final float TANH_NEAR = 0.1f;
    /** The Taylor coefficients of tanh after x: −1/3, 2/15, −17/315. */
    public static final float TANH_C1 = -1f / 3;
    public static final float TANH_C2 = 2f / 15;
    public static final float TANH_C3 = -17f / 315;

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
     * e^x in float32 to about an ulp: e^x = 2^k · e^r with k = round(x·log₂e) set directly in
     * the exponent bits and r = x − k·ln 2 (ln 2 in two parts, the first exact in a product
     * with k) in [−½ ln 2, ½ ln 2], where 1 + r + r²·P(r) with P of degree 5 is within an ulp.
     * Several times faster than Math.exp, which computes in double. Beyond
     * [{@link #EXP_LOW}, {@link #EXP_HIGH}] it gives 0 and ∞, where 2^k would leave the normal range.
     */
    public static float exp(float x) {
        float c = Math.min(Math.max(x, EXP_LOW), EXP_HIGH);
        float rounded = c * LOG2E + ROUND;
        float k = rounded - ROUND;
        float r = c - k * LN2_HIGH - k * LN2_LOW;
        float p = ((((EXP_P5 * r + EXP_P4) * r + EXP_P3) * r + EXP_P2) * r + EXP_P1) * r + EXP_P0;
        float y = p * (r * r) + r + 1;
        // rounded's bits are those of ROUND plus k, and ROUND's low 9 bits are 0: shifted left by 23, k << 23 remains.
        float scaled = Float.intBitsToFloat(Float.floatToRawIntBits(y) + (Float.floatToRawIntBits(rounded) << 23));
        return x < EXP_LOW ? 0 : x > EXP_HIGH ? Float.POSITIVE_INFINITY : scaled;
    }

    /** Below this, float32 e^x is 0 (2^k would be below the normal range). */
    public static final float EXP_LOW = -86.9f;
    /** Above this, float32 e^x is ∞ (2^k would reach the top exponent). */
    public static final float EXP_HIGH = 88.7f;
    public static final float LOG2E = 1.44269504088896341f;
    /** 1.5 · 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer. */
    public static final float ROUND = 12582912f;
    /** ln 2 as LN2_HIGH + LN2_LOW, LN2_HIGH with few enough bits that k · LN2_HIGH is exact. */
    public static final float LN2_HIGH = 0.693359375f;
    public static final float LN2_LOW = -2.12194440e-4f;
    /** P(r) = (e^r − 1 − r)/r² near 0, by minimax, coefficient of r^i in EXP_Pi. */
    public static final float EXP_P0 = 5.0000001201e-1f;
    public static final float EXP_P1 = 1.6666665459e-1f;
    public static final float EXP_P2 = 4.1665795894e-2f;
    public static final float EXP_P3 = 8.3334519073e-3f;
    public static final float EXP_P4 = 1.3981999507e-3f;
    public static final float EXP_P5 = 1.9875691500e-4f;

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
        return x > 0 ? 1 : exp(x);
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
