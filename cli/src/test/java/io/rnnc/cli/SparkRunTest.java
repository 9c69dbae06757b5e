package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** `rnnc train --spark` where the Spark module is not on the class path, as in the plain rnnc jar. */
class SparkRunTest {
    @Test
    void withoutTheSparkModuleSaysWhatItNeeds() {
        TrainCommandTest.Result r = TrainCommandTest.rnnc("train", "--spark", "local[2]", "--cell", "stdlib:lstm",
                "--data", "corpus.txt");
        assertEquals(Exit.UNAVAILABLE, r.status(), r.err());
        assertTrue(r.err().contains("--spark needs the rnnc-spark jar and Spark's jars on the class path"), r.err());
    }
}
