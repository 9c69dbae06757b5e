package io.rnnc.runtime.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Masks are a function of where they are drawn: a share of a batch draws the whole batch's masks for its samples. */
class DropoutMasksTest {
    /**
     * Over 50 samples × 20 slots × 50 units, the number kept lies within 5 standard deviations of
     * the binomial's mean n(1 − p), and every kept unit is scaled by exactly 1/(1 − p).
     */
    @Test
    void keepsOneMinusPOfTheUnitsAndScalesThemByItsInverse() {
        for (double p : new double[] {0.1, 0.5, 0.8}) {
            DropoutMasks masks = new DropoutMasks();
            masks.moveTo(11, 4, null);
            DropoutMasks.Site site = masks.newSite();
            long kept = 0;
            long n = 0;
            for (int row = 0; row < 50; row++) {
                for (int slot = 0; slot < 20; slot++) {
                    for (double f : site.factors(row, slot, 50, p)) {
                        n++;
                        if (f != 0) {
                            kept++;
                            assertEquals(1 / (1 - p), f, "p = " + p);
                        }
                    }
                }
            }
            double bound = 5 * Math.sqrt(n * p * (1 - p));
            assertEquals(n * (1 - p), kept, bound, "units kept at p = " + p);
        }
    }

    @Test
    void aShareDrawsTheMasksTheWholeBatchDrawsForItsSamples() {
        DropoutMasks whole = new DropoutMasks();
        DropoutMasks share = new DropoutMasks();
        DropoutMasks.Site wholeSite = whole.newSite();
        DropoutMasks.Site shareSite = share.newSite();
        whole.moveTo(7, 3, null);
        share.moveTo(7, 3, new int[] {4, 1});
        for (long slot : new long[] {-1, 0, 5}) {
            assertArrayEquals(wholeSite.factors(4, slot, 40, 0.5), shareSite.factors(0, slot, 40, 0.5));
            assertArrayEquals(wholeSite.factors(1, slot, 40, 0.5), shareSite.factors(1, slot, 40, 0.5));
        }
    }

    /** Another seed, step, site, sample or slot: another mask. */
    @Test
    void eachOfWhatAMaskDependsOnChangesIt() {
        DropoutMasks masks = new DropoutMasks();
        DropoutMasks.Site first = masks.newSite();
        DropoutMasks.Site second = masks.newSite();
        masks.moveTo(1, 2, null);
        double[] base = first.factors(3, 4, 64, 0.5);
        assertArrayEquals(base, first.factors(3, 4, 64, 0.5), "the same place, the same mask");
        assertFalse(Arrays.equals(base, second.factors(3, 4, 64, 0.5)), "site");
        assertFalse(Arrays.equals(base, first.factors(2, 4, 64, 0.5)), "sample");
        assertFalse(Arrays.equals(base, first.factors(3, 5, 64, 0.5)), "slot");
        masks.moveTo(1, 3, null);
        assertFalse(Arrays.equals(base, first.factors(3, 4, 64, 0.5)), "step");
        masks.moveTo(2, 2, null);
        assertFalse(Arrays.equals(base, first.factors(3, 4, 64, 0.5)), "seed");
    }

    @Test
    void aRowWithoutAPlaceIsRefused() {
        DropoutMasks masks = new DropoutMasks();
        DropoutMasks.Site site = masks.newSite();
        masks.moveTo(1, 0, new int[] {5});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> site.factors(1, 0, 4, 0.5));
        assertTrue(e.getMessage().contains("only 1 rows"), e.getMessage());
    }
}
