package io.rnnc.compiler.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.rnnc.runtime.loss.Reduction;
import org.junit.jupiter.api.Test;

/** A run's configuration survives the checkpoint's JSON, and what is not one is refused. */
class RunConfigTest {
    @Test
    void jsonRoundTrip() {
        RunConfig c = new RunConfig("stdlib:gru", new RunConfig.Data("regress", "a.csv", "char", "load", "auto", 0.2, "b.csv",
                        null, java.util.List.of("temp", "load"), 1, 24, "auto"),
                ModelSpec.tagger(5, 8, 3).withLayers(2),
                new RunConfig.Training("adam", 0.003, "cosine", 0, 0.01, 1, 5, Reduction.SUM, 16, 32, 64, 7, 500, null, 100, 3));
        assertEquals(c, RunConfig.fromJson(c.toJson()));
        RunConfig modelOnly = RunConfig.of(null, ModelSpec.tagger(5, 8, 3));
        assertEquals(modelOnly, RunConfig.fromJson(modelOnly.toJson()));
    }

    @Test
    void notAConfiguration() {
        assertNull(RunConfig.fromJson("{\"cell\": \"x\"}"));
        assertNull(RunConfig.fromJson("[1, 2"));
        assertNull(RunConfig.fromJson("{\"model\": {\"input\": 0}}"));
    }
}
