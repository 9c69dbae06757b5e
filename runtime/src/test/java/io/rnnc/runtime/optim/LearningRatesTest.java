package io.rnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schedules give torch's learning rates, and their text forms parse or fail clearly. */
class LearningRatesTest {

    @Test
    void stepDecayMatchesTorchStepLr() {
        JsonObject c = schedule("step");
        LearningRate r = LearningRates.step(c.get("lr").getAsDouble(), c.get("every").getAsLong(),
                c.get("gamma").getAsDouble());
        assertMatches(c, r);
    }

    @Test
    void cosineMatchesTorchCosineAnnealingAndThenStaysAtTheMinimum() {
        JsonObject c = schedule("cosine");
        long total = c.get("total_steps").getAsLong();
        double minLr = c.get("min_lr").getAsDouble();
        LearningRate r = LearningRates.cosine(c.get("lr").getAsDouble(), total, minLr);
        assertMatches(c, r);
        assertEquals(minLr, r.at(total + 1));
        assertEquals(minLr, r.at(10 * total));
    }

    @Test
    void warmupIntoAConstantMatchesTorchLinearLr() {
        JsonObject c = schedule("warmup_constant");
        LearningRate r = LearningRates.warmup(LearningRates.constant(c.get("lr").getAsDouble()),
                c.get("warmup_steps").getAsInt());
        assertMatches(c, r);
    }

    @Test
    void warmupRampsToTheUnshiftedInnerRateAndThenFollowsIt() {
        LearningRate cosine = LearningRates.cosine(0.2, 100, 0);
        LearningRate r = LearningRates.warmup(cosine, 10);
        double target = cosine.at(10);
        assertEquals(target / 10, r.at(0), 1e-17);
        for (int s = 1; s < 10; s++) {
            assertEquals(r.at(s) - r.at(s - 1), r.at(s + 1) - r.at(s), 1e-15, "linear at step " + s);
        }
        for (int s = 10; s <= 100; s++) {
            assertEquals(cosine.at(s), r.at(s), "step " + s);
        }
    }

    @Test
    void parsedSpecificationsBuildTheSchedulesTheyName() {
        assertEquals(0.3, LearningRates.parse("constant", 0.3, 0).at(1000));
        assertEquals(0.3 * 0.25, LearningRates.parse("step:10:0.5", 0.3, 0).at(25), 1e-17);
        assertEquals(LearningRates.cosine(0.3, 50, 0).at(17), LearningRates.parse("cosine", 0.3, 50).at(17));
        assertEquals(LearningRates.warmup(LearningRates.constant(0.3), 4).at(2),
                LearningRates.parse("warmup:4", 0.3, 0).at(2));
        LearningRate expected = LearningRates.warmup(LearningRates.cosine(0.3, 50, 0), 5);
        LearningRate parsed = LearningRates.parse("warmup:5+cosine", 0.3, 50);
        for (int s = 0; s < 60; s++) {
            assertEquals(expected.at(s), parsed.at(s), "step " + s);
        }
        assertEquals(0.3 * 0.5, LearningRates.parse("warmup:2+step:3:0.5", 0.3, 0).at(4));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "linear|unknown learning-rate schedule `linear`; expected constant, step:EVERY:GAMMA, cosine, warmup:N or warmup:N+SCHEDULE",
        "constant:2|learning-rate schedule `constant:2` does not have the form constant",
        "step:10|learning-rate schedule `step:10` does not have the form step:EVERY:GAMMA",
        "step:ten:0.5|learning-rate schedule `step:ten:0.5` needs a whole number >= 1 of steps between decays, not `ten`",
        "step:10:0|learning-rate schedule `step:10:0` needs a decay factor > 0, not `0`",
        "cosine|learning-rate schedule `cosine` needs the total number of training steps, but it is 0",
        "warmup:0|learning-rate schedule `warmup:0` needs a whole number from 1 to 2147483647 of warm-up steps, not `0`",
        "warmup:3+warmup:2|learning-rate schedule `warmup:3+warmup:2` has two warm-ups; give one",
        "warmup:3+linear|unknown learning-rate schedule `warmup:3+linear`; expected constant, step:EVERY:GAMMA, cosine, warmup:N or warmup:N+SCHEDULE",
    })
    void badSpecificationsAreRefusedWithTheirText(String spec, String message) {
        assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> LearningRates.parse(spec, 0.1, 0)).getMessage());
    }

    @Test
    void badArgumentsAreRefused() {
        assertEquals("a learning-rate schedule starts at step 0, not -1",
                assertThrows(IllegalArgumentException.class, () -> LearningRates.constant(0.1).at(-1)).getMessage());
        assertEquals("the learning rate must be a finite number >= 0 but is -0.1",
                assertThrows(IllegalArgumentException.class, () -> LearningRates.parse("constant", -0.1, 0)).getMessage());
        assertEquals("the number of warm-up steps must be at least 1 but is 0",
                assertThrows(IllegalArgumentException.class,
                        () -> LearningRates.warmup(LearningRates.constant(0.1), 0)).getMessage());
    }

    private static JsonObject schedule(String name) {
        return TorchCases.root().getAsJsonObject("schedules").getAsJsonObject(name);
    }

    private static void assertMatches(JsonObject c, LearningRate r) {
        double[] values = TorchCases.doubles(c.get("values"));
        for (int s = 0; s < values.length; s++) {
            TorchCases.assertClose(values[s], r.at(s), "step " + s);
        }
    }
}
