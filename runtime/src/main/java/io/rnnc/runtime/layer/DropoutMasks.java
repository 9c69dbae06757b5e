package io.rnnc.runtime.layer;

import io.rnnc.runtime.train.Seeds;
import java.util.SplittableRandom;

/**
 * Where a model's dropout masks come from while training. Each mask is a function of the run's
 * seed, the training step, the site that draws it (a dropout layer, a layer's recurrent state),
 * the sample's place in the step's global batch, and the mask's slot within that sample (its
 * time step, or which of the sample's masks kept for the whole sequence), drawn from a generator
 * seeded by those numbers alone rather than from one sequence of draws. So a share of a batch
 * (a partition's, on a cluster) draws for each of its samples exactly the masks the whole batch
 * draws for it, and neither the order of the draws nor the threads change a mask.
 *
 * <p>A model makes one and gives a {@link #newSite()} to each layer that drops units; it moves it
 * to each step before the step's forward pass. Not for use by several threads at once.
 */
public final class DropoutMasks {
    private long seed;
    private long step;
    /** The place of each batch row in the global batch; null when the batch is the global batch. */
    private int[] places;
    private int sites;

    /** A new site, numbered in the order sites are made (a model makes its layers in one order). */
    public Site newSite() {
        return new Site(sites++);
    }

    /**
     * Makes the masks of the next forward passes those of step {@code step} of the run seeded
     * {@code seed}, for a batch whose row b is sample {@code places[b]} of the step's global
     * batch.
     *
     * @param places each row's place in the global batch, or null when the batch is the global batch
     */
    public void moveTo(long seed, long step, int[] places) {
        this.seed = seed;
        this.step = step;
        this.places = places == null ? null : places.clone();
    }

    /** One place in a model that draws masks. */
    public final class Site {
        private final int number;

        private Site(int number) {
            this.number = number;
        }

        /**
         * The factors of {@code size} units: each 0 with probability p, else 1/(1 − p).
         *
         * @param row the sample's row in this batch
         * @param slot which of the sample's masks at this site (a time step, or a state's number)
         * @throws IllegalStateException when the batch has more rows than the places it was given
         */
        public double[] factors(int row, long slot, int size, double p) {
            SplittableRandom rng = new SplittableRandom(Seeds.mix(Seeds.mix(seed, step, number), place(row), slot));
            double scale = 1 / (1 - p);
            double[] mask = new double[size];
            for (int i = 0; i < size; i++) {
                mask[i] = rng.nextDouble() < p ? 0 : scale;
            }
            return mask;
        }

        private int place(int row) {
            if (places == null) {
                return row;
            }
            if (row >= places.length) {
                throw new IllegalStateException("the batch has row " + row + " but its places in the global batch "
                        + "name only " + places.length + " rows");
            }
            return places[row];
        }
    }
}
