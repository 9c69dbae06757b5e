package io.rnnc.runtime.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header of a NumPy {@code .npy} array: a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }}, read strictly. Only the
 * literals NumPy writes there are understood: strings, True and False, integers, tuples and lists.
 *
 * @param descr the element type, such as {@code <f4}
 * @param fortranOrder whether the array is stored column-major
 * @param shape the sizes of the axes; empty for a scalar
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

    /**
     * Reads a header's dict.
     *
     * @param where the array in messages, such as {@code frames.npy}
     * @throws DataException naming {@code where} if the text is not a dict of exactly
     *     {@code descr} (a string), {@code fortran_order} (a boolean) and {@code shape} (a tuple of
     *     sizes)
     */
    static NpyHeader parse(String text, String where) {
        Map<String, Object> dict;
        try {
            Reader r = new Reader(text);
            Object value = r.value();
            r.skipSpace();
            if (!r.atEnd() || !(value instanceof Map)) {
                throw new IllegalArgumentException();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) value;
            dict = m;
        } catch (IllegalArgumentException e) {
            throw bad(where, text);
        }
        if (!dict.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw bad(where, text);
        }
        Object descr = dict.get("descr");
        if (!(descr instanceof String)) {
            throw new DataException(where + ": holds structured records; rnnc reads arrays of plain numbers");
        }
        if (!(dict.get("fortran_order") instanceof Boolean fortran) || !(dict.get("shape") instanceof List<?> sizes)) {
            throw bad(where, text);
        }
        int[] shape = new int[sizes.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(sizes.get(i) instanceof Long size) || size < 0 || size > Integer.MAX_VALUE) {
                throw bad(where, text);
            }
            shape[i] = (int) (long) size;
        }
        return new NpyHeader((String) descr, fortran, shape);
    }

    private static DataException bad(String where, String text) {
        // On one line: a damaged header can hold a line break before its padding ends.
        String shown = text.strip().replace("\r", "\\r").replace("\n", "\\n");
        if (shown.length() > 120) {
            shown = shown.substring(0, 120) + "…";
        }
        return new DataException(where + ": the .npy header is not a dict of 'descr', 'fortran_order' and 'shape' ("
                + shown + ")");
    }

    /** The header as NumPy writes it, without padding. */
    String text() {
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False") + ", 'shape': "
                + NpyArray.shapeText(shape) + ", }";
    }

    /** A reader of the literal subset; every error is an IllegalArgumentException, turned into one sentence above. */
    private static final class Reader {
        private final String s;
        private int at;

        Reader(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return at == s.length();
        }

        void skipSpace() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        Object value() {
            skipSpace();
            if (atEnd()) {
                throw new IllegalArgumentException();
            }
            char c = s.charAt(at);
            if (c == '{') {
                return dict();
            }
            if (c == '(' || c == '[') {
                return sequence(c == '(' ? ')' : ']');
            }
            if (c == '\'' || c == '"') {
                return string();
            }
            if (s.startsWith("True", at)) {
                at += 4;
                return Boolean.TRUE;
            }
            if (s.startsWith("False", at)) {
                at += 5;
                return Boolean.FALSE;
            }
            return integer();
        }

        private Map<String, Object> dict() {
            Map<String, Object> out = new LinkedHashMap<>();
            at++;
            while (true) {
                skipSpace();
                if (peek('}')) {
                    return out;
                }
                Object key = value();
                skipSpace();
                expect(':');
                if (!(key instanceof String name) || out.put(name, value()) != null) {
                    throw new IllegalArgumentException();
                }
                skipSpace();
                if (!peek(',')) {
                    skipSpace();
                    expect('}');
                    return out;
                }
            }
        }

        /** A tuple or a list (a structured type's descr is a list), ending in {@code close}. */
        private List<Object> sequence(char close) {
            List<Object> out = new ArrayList<>();
            at++;
            while (true) {
                skipSpace();
                if (peek(close)) {
                    return out;
                }
                out.add(value());
                skipSpace();
                if (!peek(',')) {
                    if (out.size() == 1 && close == ')') {
                        // (5) is the number 5, not a tuple: NumPy writes (5,).
                        throw new IllegalArgumentException();
                    }
                    expect(close);
                    return out;
                }
            }
        }

        private String string() {
            char quote = s.charAt(at++);
            int end = s.indexOf(quote, at);
            if (end < 0 || s.substring(at, end).indexOf('\\') >= 0) {
                throw new IllegalArgumentException();
            }
            String out = s.substring(at, end);
            at = end + 1;
            return out;
        }

        private Long integer() {
            int start = at;
            while (at < s.length() && Character.isDigit(s.charAt(at))) {
                at++;
            }
            int end = at;
            if (start == end || end - start > 18) {
                throw new IllegalArgumentException();
            }
            peek('L'); // Python 2's long suffix, which old NumPy versions wrote.
            return Long.parseLong(s.substring(start, end));
        }

        /** Consumes {@code c} if it is next. */
        private boolean peek(char c) {
            if (at < s.length() && s.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw new IllegalArgumentException();
            }
        }
    }
}
