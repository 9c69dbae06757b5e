package io.rnnc.spark;

import io.rnnc.runtime.data.ExampleSet;
import java.io.Serializable;

/** A partition's independent training examples as Spark sends them; made into the runtime's where they are trained on. */
interface Examples extends Serializable {
    /** How many examples there are. */
    int size();

    /** The examples, in their order, as batches are cut from them. */
    ExampleSet build();
}
