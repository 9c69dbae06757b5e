import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes dates written out in words beside the same dates in digits, as `rnnc train --task
 * seq2seq` reads them: "the third of march nineteen ninety one" → "1991-03-03", in four
 * spoken forms, for days from 1950 to 2049. Seed 003's encoder–decoder between two written
 * forms of one thing. Seeded: the same arguments give the same file.
 *
 * <pre>java MakeDates.java OUT.tsv [LINES] [SEED]</pre>
 */
public class MakeDates {
    private static final List<String> ONES = List.of("", "one", "two", "three", "four", "five", "six", "seven", "eight",
            "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
            "nineteen");
    private static final List<String> TENS = List.of("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
            "eighty", "ninety");
    private static final List<String> ORDINALS = List.of("", "first", "second", "third", "fourth", "fifth", "sixth",
            "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
            "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth");
    private static final List<String> MONTHS = List.of("january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december");

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "dates.tsv");
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 6000;
        Random rng = new Random(args.length > 2 ? Long.parseLong(args[2]) : 5);
        long first = LocalDate.of(1950, 1, 1).toEpochDay();
        long days = LocalDate.of(2050, 1, 1).toEpochDay() - first;
        StringBuilder tsv = new StringBuilder("source\ttarget\n");
        for (int i = 0; i < lines; i++) {
            LocalDate d = LocalDate.ofEpochDay(first + (long) (rng.nextDouble() * days));
            tsv.append(words(d, rng.nextInt(4))).append('\t')
                    .append(String.format(Locale.ROOT, "%04d-%02d-%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
                    .append('\n');
        }
        Files.writeString(out, tsv);
    }

    /** {@code d} in words, in one of four forms. */
    private static String words(LocalDate d, int form) {
        String day = ordinal(d.getDayOfMonth());
        String month = MONTHS.get(d.getMonthValue() - 1);
        String year = year(d.getYear());
        return switch (form) {
            case 0 -> "the " + day + " of " + month + " " + year;
            case 1 -> month + " the " + day + " " + year;
            case 2 -> month + " " + day + " " + year;
            default -> "the " + day + " of " + month + " in the year " + year;
        };
    }

    private static String ordinal(int n) {
        if (n <= 20) {
            return ORDINALS.get(n);
        }
        return n % 10 == 0 ? TENS.get(n / 10).replaceFirst("y$", "ieth") : TENS.get(n / 10) + " " + ORDINALS.get(n % 10);
    }

    /** A year as people say it: nineteen fifty, nineteen oh five, two thousand and three, twenty twelve. */
    private static String year(int y) {
        if (y >= 2000 && y < 2010) {
            return y == 2000 ? "two thousand" : "two thousand and " + ONES.get(y % 10);
        }
        return cardinal(y / 100) + " " + (y % 100 == 0 ? "hundred" : y % 100 < 10 ? "oh " + ONES.get(y % 100)
                : cardinal(y % 100));
    }

    private static String cardinal(int n) {
        if (n < 20) {
            return ONES.get(n);
        }
        return TENS.get(n / 10) + (n % 10 == 0 ? "" : " " + ONES.get(n % 10));
    }
}
