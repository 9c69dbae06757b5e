package io.rnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 row sums a vector at a time, with the bits of {@link Rows#sum(float[], int, int)}:
 * its 16 partial sums are the lanes of the vector accumulators (one of 16 lanes, two of 8 or
 * four of 4), and where its tree adds partials 8 (or 4) apart, a narrower processor adds whole
 * accumulators lane by lane. Generated float32 kernels with vector loops of 16, 8 or 4 lanes
 * call the method for their width; only they name this class, so it loads only where the
 * Vector API is.
 */
public final class LaneSums {
    private static final VectorSpecies<Float> S16 = FloatVector.SPECIES_512;
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> S4 = FloatVector.SPECIES_128;

    private LaneSums() {
    }

    /** The sum of {@code w} floats from {@code off}, with 16-lane vectors. */
    public static float sum16(float[] a, int off, int w) {
        int whole = w - w % Rows.PARTIALS;
        FloatVector p = FloatVector.zero(S16);
        for (int i = off; i < off + whole; i += 16) {
            p = p.add(FloatVector.fromArray(S16, a, i));
        }
        float s = Rows.fold16(p.lane(0), p.lane(1), p.lane(2), p.lane(3), p.lane(4), p.lane(5), p.lane(6), p.lane(7),
                p.lane(8), p.lane(9), p.lane(10), p.lane(11), p.lane(12), p.lane(13), p.lane(14), p.lane(15));
        return Rows.addTail(s, a, off + whole, w - whole);
    }

    /** The same with 8-lane vectors. */
    public static float sum8(float[] a, int off, int w) {
        int whole = w - w % Rows.PARTIALS;
        FloatVector low = FloatVector.zero(S8);
        FloatVector high = FloatVector.zero(S8);
        for (int i = off; i < off + whole; i += 16) {
            low = low.add(FloatVector.fromArray(S8, a, i));
            high = high.add(FloatVector.fromArray(S8, a, i + 8));
        }
        FloatVector q = low.add(high);
        float s = Rows.fold8(q.lane(0), q.lane(1), q.lane(2), q.lane(3), q.lane(4), q.lane(5), q.lane(6), q.lane(7));
        return Rows.addTail(s, a, off + whole, w - whole);
    }

    /** The same with 4-lane vectors. */
    public static float sum4(float[] a, int off, int w) {
        int whole = w - w % Rows.PARTIALS;
        FloatVector p0 = FloatVector.zero(S4);
        FloatVector p1 = FloatVector.zero(S4);
        FloatVector p2 = FloatVector.zero(S4);
        FloatVector p3 = FloatVector.zero(S4);
        for (int i = off; i < off + whole; i += 16) {
            p0 = p0.add(FloatVector.fromArray(S4, a, i));
            p1 = p1.add(FloatVector.fromArray(S4, a, i + 4));
            p2 = p2.add(FloatVector.fromArray(S4, a, i + 8));
            p3 = p3.add(FloatVector.fromArray(S4, a, i + 12));
        }
        FloatVector r = p0.add(p2).add(p1.add(p3));
        float s = Rows.fold4(r.lane(0), r.lane(1), r.lane(2), r.lane(3));
        return Rows.addTail(s, a, off + whole, w - whole);
    }
}
