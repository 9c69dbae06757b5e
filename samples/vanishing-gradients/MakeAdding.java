import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the adding problem (Hochreiter and Schmidhuber 1997; Le, Jaitly and Hinton 2015) as
 * `rnnc train --task value` reads it, one file per sequence length T: each line is the answer,
 * a tab, then T steps of two features, a random number in [0, 1) and a marker, 1 at two steps
 * (one in each half of the sequence) and 0 elsewhere. The answer is the sum of the two marked
 * numbers, about 1 ± 0.41: always answering 1 scores a mean squared error of 1/6 ≈ 0.167.
 * Seeded: the same arguments give the same files.
 *
 * <pre>java MakeAdding.java OUT_DIR LINES T [T...]</pre>
 * writes OUT_DIR/adding&lt;T&gt;.tsv for each T.
 */
public class MakeAdding {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int lines = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        for (int k = 2; k < args.length; k++) {
            int length = Integer.parseInt(args[k]);
            Random rng = new Random(1000 + length);
            StringBuilder out = new StringBuilder();
            for (int n = 0; n < lines; n++) {
                double[] values = new double[length];
                for (int t = 0; t < length; t++) {
                    values[t] = Math.floor(rng.nextDouble() * 1000) / 1000;
                }
                int first = rng.nextInt(length / 2);
                int second = length / 2 + rng.nextInt(length - length / 2);
                out.append(String.format(Locale.ROOT, "%.3f\t", values[first] + values[second]));
                for (int t = 0; t < length; t++) {
                    out.append(t == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f,%d", values[t],
                            t == first || t == second ? 1 : 0));
                }
                out.append('\n');
            }
            Files.writeString(dir.resolve("adding" + length + ".tsv"), out);
        }
    }
}
