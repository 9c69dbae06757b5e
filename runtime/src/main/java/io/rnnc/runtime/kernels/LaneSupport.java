package io.rnnc.runtime.kernels;

import jdk.incubator.vector.FloatVector;

/**
 * Whether generated kernels can use the JDK's incubating Vector API
 * ({@code jdk.incubator.vector}): the JVM must have been started with
 * {@code --add-modules jdk.incubator.vector} (the {@code rnnc} command is), and the system
 * property {@code rnnc.vector=false} turns vector loops off. Only the nested class names a
 * vector type, so this class loads on every JVM.
 */
public final class LaneSupport {
    /** The system property that turns vector loops off ({@code false}). */
    public static final String PROPERTY = "rnnc.vector";
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"false".equals(System.getProperty(PROPERTY));

    private LaneSupport() {
    }

    /** True when kernels may use the Vector API. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Floats in the widest vector of this processor where {@link #available()}, else 0. */
    public static int floatLanes() {
        return AVAILABLE ? Preferred.FLOAT_LANES : 0;
    }

    /** Loaded only when the module is there. */
    private static final class Preferred {
        static final int FLOAT_LANES = FloatVector.SPECIES_PREFERRED.length();
    }
}
