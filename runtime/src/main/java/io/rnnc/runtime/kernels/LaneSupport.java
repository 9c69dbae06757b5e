package io.rnnc.runtime.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import jdk.incubator.vector.FloatVector;

/**
 * Whether generated kernels can use the JDK's incubating Vector API
 * ({@code jdk.incubator.vector}): the JVM must have been started with
 * {@code --add-modules jdk.incubator.vector} (the {@code rnnc} command is), and the system
 * property {@code rnnc.vector=false} turns vector loops off. Only the nested class names a
 * vector type, so this class loads on every JVM. Where the module is missing, the first kernel
 * compiled logs once (through {@link System.Logger}, name {@code io.rnnc}) that its loops are
 * scalar and how to turn the vector loops on.
 */
public final class LaneSupport {
    /** The system property that turns vector loops off ({@code false}). */
    public static final String PROPERTY = "rnnc.vector";
    private static final boolean MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final boolean AVAILABLE = MODULE && !"false".equals(System.getProperty(PROPERTY));
    /** What is logged, once, where the module is missing. */
    static final String OFF = "the generated kernels' vector loops are off: start the JVM with "
            + "--add-modules jdk.incubator.vector to turn them on (same results, faster float32 kernels)";
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private LaneSupport() {
    }

    /** True when kernels may use the Vector API. */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * Floats in the widest vector of this processor where {@link #available()}, else 0; the
     * first call without the module logs that vector loops are off.
     */
    public static int floatLanes() {
        if (!MODULE && !TOLD.getAndSet(true)) {
            System.getLogger("io.rnnc").log(System.Logger.Level.INFO, OFF);
        }
        return AVAILABLE ? Preferred.FLOAT_LANES : 0;
    }

    /**
     * Where the module is missing and the notice was not given yet, the notice that
     * {@link #floatLanes()} would log, which it will then not log; else null. For a program that
     * prints it its own way: a logger takes 0.1 s to start.
     */
    public static String takeNotice() {
        return !MODULE && !TOLD.getAndSet(true) ? OFF : null;
    }

    /** Loaded only when the module is there. */
    private static final class Preferred {
        static final int FLOAT_LANES = FloatVector.SPECIES_PREFERRED.length();
    }
}
