package io.rnnc.compiler.ast;

import java.util.HashMap;
import java.util.Map;

/**
 * Unicode sub- and superscript characters, as pasted text has them (`hₜ₋₁`, `W⁽¹⁾`, `Wᵀ`),
 * read as the plain characters they raise or lower.
 */
final class UnicodeScripts {
    private static final Map<Integer, Character> PLAIN = new HashMap<>();

    static {
        map("₀₁₂₃₄₅₆₇₈₉", "0123456789");
        map("₊₋₌₍₎", "+-=()");
        map("ₐₑₒₓₔₕₖₗₘₙₚₛₜᵢᵣᵤᵥⱼ", "aeoxəhklmnpstiruvj");
        map("ᵦᵧᵨᵩᵪ", "βγρφχ");
        map("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789");
        map("⁺⁻⁼⁽⁾", "+-=()");
        map("ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ", "abcdefghijklmnoprstuvwxyz");
        map("ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ", "ABDEGHIJKLMNOPRTUVW");
        map("ᵅᵝᵞᵟᵋᶿᶥᶲᵠᵡ", "αβγδεθιφφχ");
    }

    private UnicodeScripts() {
    }

    private static void map(String scripts, String plain) {
        int[] from = scripts.codePoints().toArray();
        for (int i = 0; i < from.length; i++) {
            PLAIN.put(from[i], plain.charAt(i));
        }
    }

    /** The plain text of a run of script characters, or null when one of them has no plain reading. */
    static String plain(String scripts) {
        StringBuilder b = new StringBuilder();
        for (int cp : scripts.codePoints().toArray()) {
            Character c = PLAIN.get(cp);
            if (c == null) {
                return null;
            }
            b.append(c.charValue());
        }
        return b.toString();
    }
}
