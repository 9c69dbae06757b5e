package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `rnnc gradcheck` on the float32 backends: their gradients against float64 finite differences. */
class GradcheckCommandTest {
    @Test
    void float32GradientsOfTheJvmBackendPass() {
        TrainCommandTest.Result r = TrainCommandTest.rnnc("gradcheck", "stdlib:gru", "--backend", "jvm", "--precision", "f32");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("float32 gradients on jvm against float64 finite differences"), r.out());
        assertTrue(r.out().contains("W_hz"), "every parameter is listed: " + r.out());
    }

    @Test
    void theInterpreterHasNoFloat32() {
        TrainCommandTest.Result r = TrainCommandTest.rnnc("gradcheck", "stdlib:gru", "--backend", "interp", "--precision", "f32");
        assertEquals(Exit.USAGE, r.status());
        assertTrue(r.err().contains("the reference interpreter computes in float64"), r.err());
    }
}
