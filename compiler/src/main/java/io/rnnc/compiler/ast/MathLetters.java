package io.rnnc.compiler.ast;

import io.rnnc.grammar.RnnLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;

/**
 * Mathematical letters (`𝐖`, `𝐱`, `ℎ`: Unicode's bold and italic math alphabets, what a
 * rendered page gives for `\mathbf{W}` when copied) are one symbol each, as in TeX: `𝐖𝐱ₜ` is
 * `𝐖` times `𝐱ₜ`, not a name `𝐖𝐱`. The lexer reads letters in runs; this splits the runs.
 */
final class MathLetters {
    private MathLetters() {
    }

    /** {@code tokens} with every name that holds a mathematical letter split at each one. */
    static List<Token> split(List<Token> tokens) {
        List<Token> out = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            if (t.getType() == RnnLexer.NAME && t.getText().codePoints().anyMatch(MathLetters::isMathLetter)) {
                splitName(t, out);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /** A mathematical letter and the accents after it make one token; letters after them another. */
    private static void splitName(Token t, List<Token> out) {
        int[] cps = t.getText().codePoints().toArray();
        int from = 0;
        for (int i = 1; i <= cps.length; i++) {
            if (i == cps.length || isMathLetter(cps[i]) || isMathLetter(cps[from]) && !isMark(cps[i])) {
                out.add(piece(t, cps, from, i));
                from = i;
            }
        }
    }

    private static Token piece(Token t, int[] cps, int from, int to) {
        CommonToken piece = new CommonToken(t);
        piece.setStartIndex(t.getStartIndex() + from);
        piece.setStopIndex(t.getStartIndex() + to - 1);
        piece.setText(new String(cps, from, to - from));
        return piece;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /** The Mathematical Alphanumeric Symbols block, and the italic h that stands in for its gap. */
    private static boolean isMathLetter(int cp) {
        return cp >= 0x1D400 && cp <= 0x1D7FF || cp == 0x210E;
    }
}
