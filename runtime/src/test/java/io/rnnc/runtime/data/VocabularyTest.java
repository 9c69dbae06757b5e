package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VocabularyTest {
    @Test
    void charactersRoundTripIncludingNonBmpCodePoints() {
        String text = "héllo wörld 𝛔\nagain";
        Vocabulary v = Vocabulary.of(text, Vocabulary.Level.CHARACTER);
        assertEquals(text, v.decode(v.encode(text, "t")));
        assertEquals(text.codePointCount(0, text.length()), v.encode(text, "t").length);
    }

    @Test
    void idsFollowSortedTokensSoOneTextAlwaysGivesOneVocabulary() {
        Vocabulary v = Vocabulary.of("cab", Vocabulary.Level.CHARACTER);
        assertArrayEquals(new int[] {2, 0, 1}, v.encode("cab", "t"));
    }

    @Test
    void wordsKeepLineBreaksAsTokens() {
        Vocabulary v = Vocabulary.of("the cat\nthe  dog", Vocabulary.Level.WORD);
        assertEquals(4, v.size(), "the, cat, dog and the line break");
        int[] ids = v.encode("the dog\nthe cat", "t");
        assertEquals(5, ids.length);
        assertEquals("the dog\nthe cat", v.decode(ids));
    }

    @Test
    void jsonRoundTrip() {
        Vocabulary v = Vocabulary.of("abc\"\\\n", Vocabulary.Level.CHARACTER);
        Vocabulary back = Vocabulary.fromJson(v.toJson(), "ckpt");
        assertEquals(v.size(), back.size());
        for (int i = 0; i < v.size(); i++) {
            assertEquals(v.token(i), back.token(i));
        }
        assertEquals(Vocabulary.Level.CHARACTER, back.level());
    }

    @Test
    void unknownTokenIsAnErrorNamingWhereAndWhat() {
        Vocabulary v = Vocabulary.of("abc", Vocabulary.Level.CHARACTER);
        DataException e = assertThrows(DataException.class, () -> v.encode("abz", "prompt"));
        assertTrue(e.getMessage().startsWith("prompt: `z` is not in the model's vocabulary of 3 characters"), e.getMessage());
    }

    @Test
    void malformedJsonIsAnErrorNamingTheSource() {
        DataException e = assertThrows(DataException.class, () -> Vocabulary.fromJson("{\"level\":1}", "m.safetensors"));
        assertTrue(e.getMessage().startsWith("m.safetensors: "), e.getMessage());
    }
}
