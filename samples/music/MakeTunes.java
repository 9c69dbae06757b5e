import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes tunes in ABC notation, composed by rule: jigs (6/8), reels (4/4) and waltzes (3/4) in
 * D, G, A, C, F and E minor, in two repeated eight-bar parts over I–IV–V–I harmony, each bar
 * leaning on its chord's notes, each part ending on the tonic. Every tune is new, made here;
 * none is copied. Seeded: the same arguments give the same file.
 *
 * <pre>java MakeTunes.java OUT.abc [TUNES] [SEED]</pre>
 */
public class MakeTunes {
    /** Keys and the letter of their tonic; a minor key's scale starts on its own tonic. */
    private static final String[] KEYS = {"D", "G", "A", "C", "F", "Em"};
    private static final String LETTERS = "CDEFGAB";
    private static final String[] ADJECTIVES = {"Merry", "Lonesome", "Windy", "Green", "Silver", "Crooked", "Rising",
        "Humble", "Wandering", "Golden", "Morning", "Stony", "Quiet", "Bonny", "Dusty", "Old", "New", "Lark's"};
    private static final String[] NOUNS = {"Miller", "Harbour", "Hill", "Ferry", "Lantern", "Meadow", "Fiddler", "Bridge",
        "Orchard", "Road", "Shepherd", "Weaver", "Kitchen", "Ridge", "Well", "Piper", "Mill", "Strand"};
    /** Each form: name, metre, beats a bar, eighth notes a beat, and the rhythms one beat may take. */
    private static final Object[][] FORMS = {
        {"jig", "6/8", 2, 3, new int[][] {{1, 1, 1}, {1, 1, 1}, {2, 1}, {1, 2}, {3}}},
        {"reel", "4/4", 4, 2, new int[][] {{1, 1}, {1, 1}, {1, 1}, {2}}},
        {"waltz", "3/4", 3, 2, new int[][] {{2}, {2}, {1, 1}}},
    };
    /** Scale degrees of the chords I, IV, V and vi. */
    private static final int[][] CHORDS = {{0, 2, 4}, {3, 5, 7}, {4, 6, 8}, {5, 7, 9}};
    private static final int[][] PROGRESSIONS = {{0, 0, 1, 2, 0, 3, 1, 2}, {0, 1, 0, 2, 0, 1, 2, 0}, {0, 3, 1, 2, 0, 3, 2, 0}};

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "tunes.abc");
        int tunes = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        Random rng = new Random(args.length > 2 ? Long.parseLong(args[2]) : 7);
        StringBuilder abc = new StringBuilder();
        for (int n = 1; n <= tunes; n++) {
            abc.append(tune(n, rng)).append('\n');
        }
        Files.writeString(out, abc);
    }

    private static String tune(int number, Random rng) {
        Object[] form = FORMS[rng.nextInt(FORMS.length)];
        String key = KEYS[rng.nextInt(KEYS.length)];
        StringBuilder t = new StringBuilder();
        t.append("X:").append(number).append('\n')
                .append("T:The ").append(ADJECTIVES[rng.nextInt(ADJECTIVES.length)]).append(' ')
                .append(NOUNS[rng.nextInt(NOUNS.length)]).append('\n')
                .append("R:").append(form[0]).append('\n')
                .append("M:").append(form[1]).append('\n')
                .append("L:1/8\n")
                .append("K:").append(key).append('\n');
        int tonic = LETTERS.indexOf(key.charAt(0));
        t.append(part(form, tonic, 0, rng)).append(part(form, tonic, 3, rng));
        return t.toString();
    }

    /** Eight bars between repeat signs, four to a line, from scale degree {@code low} up. */
    private static String part(Object[] form, int tonic, int low, Random rng) {
        int[] progression = PROGRESSIONS[rng.nextInt(PROGRESSIONS.length)];
        int beats = (int) form[2];
        int beat = (int) form[3];
        int[][] rhythms = (int[][]) form[4];
        StringBuilder p = new StringBuilder("|:");
        int degree = low + CHORDS[0][rng.nextInt(3)];
        for (int bar = 0; bar < 8; bar++) {
            int[] chord = CHORDS[progression[bar]];
            List<String> notes = new ArrayList<>();
            for (int b = 0; b < beats; b++) {
                boolean last = bar == 7 && b == beats - 1;
                int[] rhythm = last ? new int[] {beat} : rhythms[rng.nextInt(rhythms.length)];
                StringBuilder group = new StringBuilder();
                for (int k = 0; k < rhythm.length; k++) {
                    if (last) {
                        degree = 7 * ((low + 6) / 7);
                    } else if (k == 0) {
                        degree = nearest(degree, chord, low);
                    } else {
                        degree = Math.max(low - 1, Math.min(low + 9, degree + (rng.nextBoolean() ? 1 : -1) * (1 + rng.nextInt(2))));
                    }
                    group.append(note(tonic, degree)).append(rhythm[k] > 1 ? Integer.toString(rhythm[k]) : "");
                }
                notes.add(group.toString());
            }
            p.append(String.join(beats > 2 && beat == 2 ? "" : " ", notes));
            p.append(bar == 7 ? ":|\n" : bar == 3 ? "|\n" : "|");
        }
        return p.toString();
    }

    /** The note of {@code chord} (in any octave of the part's range) closest to {@code degree}. */
    private static int nearest(int degree, int[] chord, int low) {
        int best = low + chord[0];
        for (int octave = -7; octave <= 14; octave += 7) {
            for (int c : chord) {
                int d = c + octave;
                if (d >= low - 1 && d <= low + 9 && Math.abs(d - degree) < Math.abs(best - degree)) {
                    best = d;
                }
            }
        }
        return best;
    }

    /** The ABC of scale degree {@code degree} above the tonic: C to B, then c to b, then c' up; C, below. */
    private static String note(int tonic, int degree) {
        int step = tonic + degree;
        int octave = Math.floorDiv(step, 7);
        char letter = LETTERS.charAt(Math.floorMod(step, 7));
        return switch (octave) {
            case -1 -> letter + ",";
            case 0 -> Character.toString(letter);
            case 1 -> Character.toString(Character.toLowerCase(letter));
            default -> Character.toLowerCase(letter) + "'";
        };
    }
}
