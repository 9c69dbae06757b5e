package io.rnnc.runtime.data;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tokens of a text and their ids, by characters (Unicode code points) or by words
 * (whitespace-separated, a newline kept as its own token). Ids follow the sorted order of the
 * tokens, so one text always gives the same vocabulary.
 */
public final class Vocabulary {
    /** How a text is cut into tokens. */
    public enum Level { CHARACTER, WORD }

    private static final String NEWLINE = "\n";

    private final Level level;
    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();

    private Vocabulary(Level level, List<String> tokens) {
        this.level = level;
        this.tokens = List.copyOf(tokens);
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
    }

    /** The vocabulary of every token in {@code text}. */
    public static Vocabulary of(String text, Level level) {
        return new Vocabulary(level, new ArrayList<>(new TreeSet<>(split(text, level))));
    }

    /** The vocabulary of {@code tokens}, in their order, each as {@code level} cuts text. */
    public static Vocabulary ofTokens(java.util.SortedSet<String> tokens, Level level) {
        return new Vocabulary(level, new ArrayList<>(tokens));
    }

    /** How this vocabulary cuts text. */
    public Level level() {
        return level;
    }

    /** Number of tokens. */
    public int size() {
        return tokens.size();
    }

    /** The token with this id. */
    public String token(int id) {
        return tokens.get(id);
    }

    /** The id of a token, or −1 when it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, -1);
    }

    /**
     * The ids of {@code text}'s tokens.
     *
     * @param where names the text in an error ("prompt", a file name)
     * @throws DataException when a token is not in the vocabulary
     */
    public int[] encode(String text, String where) {
        List<String> parts = split(text, level);
        int[] out = new int[parts.size()];
        for (int i = 0; i < out.length; i++) {
            int id = id(parts.get(i));
            if (id < 0) {
                throw new DataException(where + ": `" + printable(parts.get(i)) + "` is not in the model's vocabulary of "
                        + size() + " " + (level == Level.CHARACTER ? "characters" : "words"));
            }
            out[i] = id;
        }
        return out;
    }

    /** The text of a sequence of ids (words joined by spaces, except around newlines). */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        String previous = NEWLINE;
        for (int id : ids) {
            String t = token(id);
            if (level == Level.WORD && !previous.equals(NEWLINE) && !t.equals(NEWLINE)) {
                sb.append(' ');
            }
            sb.append(t);
            previous = t;
        }
        return sb.toString();
    }

    /** The vocabulary as JSON, for a checkpoint's metadata. */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("level", level.name().toLowerCase(java.util.Locale.ROOT));
        JsonArray a = new JsonArray();
        tokens.forEach(a::add);
        o.add("tokens", a);
        return new Gson().toJson(o);
    }

    /**
     * The vocabulary written by {@link #toJson()}.
     *
     * @throws DataException naming {@code where} when the JSON is not a vocabulary
     */
    public static Vocabulary fromJson(String json, String where) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            Level level = Level.valueOf(o.get("level").getAsString().toUpperCase(java.util.Locale.ROOT));
            List<String> tokens = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("tokens")) {
                tokens.add(e.getAsString());
            }
            if (new TreeSet<>(tokens).size() != tokens.size()) {
                throw new DataException(where + ": the vocabulary lists a token twice");
            }
            return new Vocabulary(level, tokens);
        } catch (RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(where + ": the vocabulary is not valid JSON of the expected form");
        }
    }

    private static List<String> split(String text, Level level) {
        List<String> out = new ArrayList<>();
        if (level == Level.CHARACTER) {
            text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        String[] lines = text.split(NEWLINE, -1);
        for (int i = 0; i < lines.length; i++) {
            for (String w : lines[i].trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
            if (i < lines.length - 1) {
                out.add(NEWLINE);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static String printable(String token) {
        return token.equals(NEWLINE) ? "\\n" : token;
    }
}
