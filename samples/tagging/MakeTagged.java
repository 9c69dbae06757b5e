import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes sentences with their words tagged as people (PER), places (LOC), organisations (ORG)
 * or other words (O), as `rnnc train --task tag` reads them: "jordan said that acme opened an
 * office in lima" → "PER O O ORG O O O O LOC". Some names are people's and places' alike
 * (jordan, georgia, florence, austin, …), and what tells them apart often comes after them
 * ("jordan said …", "jordan is a country …"): a tagger reading left to right has not seen it
 * yet when it tags the name, a bidirectional one has. Seed 004's named entities, as data.
 * Seeded: the same arguments give the same file.
 *
 * <pre>java MakeTagged.java OUT.tsv [LINES] [SEED]</pre>
 */
public class MakeTagged {
    private static final List<String> PEOPLE = List.of("maria", "john", "ahmed", "olga", "kenji", "amara", "lucas",
            "priya", "tomas", "chen", "fatima", "ivan");
    private static final List<String> SURNAMES = List.of("smith", "garcia", "okafor", "tanaka", "novak", "silva",
            "khan", "muller");
    private static final List<String> PLACES = List.of("berlin", "lagos", "lima", "oslo", "kenya", "peru", "quebec",
            "hanoi", "madrid", "cairo");
    private static final List<String> BOTH = List.of("jordan", "georgia", "florence", "austin", "victoria", "chelsea",
            "sydney", "charlotte", "paris", "india");
    private static final List<String> ORGS = List.of("acme", "globex", "initech", "umbrella", "hooli", "vandelay");
    private static final List<String> THINGS = List.of("an office", "a factory", "a school", "a shop", "a clinic");

    private final Random rng;
    private final List<String> words = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();

    private MakeTagged(Random rng) {
        this.rng = rng;
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "tagged.tsv");
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        Random rng = new Random(args.length > 2 ? Long.parseLong(args[2]) : 13);
        StringBuilder tsv = new StringBuilder("tokens\ttags\n");
        for (int i = 0; i < lines; i++) {
            MakeTagged s = new MakeTagged(rng);
            s.sentence();
            tsv.append(String.join(" ", s.words)).append('\t').append(String.join(" ", s.tags)).append('\n');
        }
        Files.writeString(out, tsv);
    }

    /** One sentence, from one of the templates, each as likely. */
    private void sentence() {
        switch (rng.nextInt(7)) {
            case 0 -> {
                person();
                other("said that");
                org();
                other("opened " + pick(THINGS) + " in");
                place();
            }
            case 1 -> {
                place();
                other("is a " + (rng.nextBoolean() ? "country" : "city") + " that");
                person();
                other("visited last year");
            }
            case 2 -> {
                person();
                other("met");
                person();
                other("in");
                place();
            }
            case 3 -> {
                other("the " + (rng.nextBoolean() ? "mayor" : "people") + " of");
                place();
                other("thanked");
                org();
            }
            case 4 -> {
                person();
                other("works for");
                org();
                other("and lives in");
                place();
            }
            case 5 -> {
                org();
                other("moved from");
                place();
                other("to");
                place();
            }
            default -> {
                other("yesterday");
                person();
                other("flew to");
                place();
                other("with");
                person();
            }
        }
    }

    /** A person: a first name (a third of the time one that is also a place's), perhaps with a surname. */
    private void person() {
        add(rng.nextInt(3) == 0 ? pick(BOTH) : pick(PEOPLE), "PER");
        if (rng.nextBoolean()) {
            add(pick(SURNAMES), "PER");
        }
    }

    /** A place, a third of the time one whose name is also a person's. */
    private void place() {
        add(rng.nextInt(3) == 0 ? pick(BOTH) : pick(PLACES), "LOC");
    }

    private void org() {
        add(pick(ORGS), "ORG");
    }

    private void other(String text) {
        for (String w : text.split(" ")) {
            add(w, "O");
        }
    }

    private void add(String word, String tag) {
        words.add(word);
        tags.add(tag);
    }

    private String pick(List<String> from) {
        return from.get(rng.nextInt(from.size()));
    }
}
