package io.rnnc.runtime.data;

import io.rnnc.runtime.Remedy;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file's cells as text, read as spreadsheets and pandas write CSV (RFC 4180 through
 * Apache Commons CSV): fields and header names quoted or not, commas and line breaks inside
 * quotes, {@code ""} for a quote, CRLF or LF line ends, a byte-order mark. Blank lines are
 * skipped. Every row must have as many fields as the header (or the first row) has.
 *
 * @param name the file's name, for errors
 * @param columns the columns' names: the header's, or 1, 2, … without one
 * @param rows each row's fields, as written (quotes removed)
 * @param lines the line of the file each row starts on, from 1
 */
public record CsvTable(String name, List<String> columns, List<String[]> rows, long[] lines) {
    private static final Pattern UNCLOSED_QUOTE = Pattern.compile("\\(startline ([0-9,]+)\\) EOF reached before "
            + "encapsulated token finished");
    private static final Pattern TEXT_AFTER_QUOTE = Pattern.compile("Invalid character between encapsulated token "
            + "and delimiter at line: ([0-9,]+)");
    /** Characters of a field that a message shows at most. */
    private static final int SHOWN_CHARACTERS = 40;

    /**
     * Reads {@code text}.
     *
     * @param header whether the first row names the columns; null detects it: a first row with
     *     a field that is neither a number nor a date or time is a header
     * @throws DataException naming the file and line of a row that cannot be read
     */
    public static CsvTable read(String text, String name, Boolean header) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<CSVRecord> records = records(body, name);
        int[] lineStarts = lineStarts(body);
        if (records.isEmpty()) {
            throw new DataException(name + ": is empty");
        }
        CSVRecord first = records.get(0);
        boolean named = header != null ? header : looksLikeHeader(first.stream().toList());
        List<String> columns = named ? first.stream().map(String::strip).toList()
                : IntStream.rangeClosed(1, first.size()).mapToObj(Integer::toString).toList();
        if (named) {
            checkNames(columns, name);
        }
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        for (CSVRecord r : named ? records.subList(1, records.size()) : records) {
            if (r.size() != columns.size()) {
                throw new DataException(name + ":" + line(r, lineStarts) + ": has " + r.size() + " fields, but "
                        + (named ? "the header names " : "the first row has ") + columns.size()
                        + "; give every row one field per column");
            }
            rows.add(r.values());
            lines.add(line(r, lineStarts));
        }
        if (rows.isEmpty()) {
            throw new DataException(name + ": has a header but no rows; add the rows of the series below it");
        }
        return new CsvTable(name, columns, rows, lines.stream().mapToLong(Long::longValue).toArray());
    }

    /** The index of column {@code column}; a {@link DataException} listing the columns when there is none. */
    public int column(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new DataException(name + ": has no column `" + column + "`; its columns are " + String.join(", ", columns));
        }
        return i;
    }

    /** Whether every field of column {@code c} is a date or time. */
    public boolean isTimeColumn(int c) {
        return rows.stream().allMatch(r -> DateTimes.isDateTime(r[c]));
    }

    /**
     * The numbers of column {@code c}.
     *
     * @param remedy the setting that avoids such a field, for the error, or null
     * @throws DataException naming the line and column of a field that is not a finite number
     */
    public double[] numbers(int c, Remedy remedy) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(rows.get(i)[c], columns.get(c), name + ":" + lines[i], remedy);
        }
        return out;
    }

    /**
     * The number of a field of column {@code column}.
     *
     * @param where the file and line, for errors
     * @param remedy the setting that avoids a field that is not a number, for the error, or null
     * @throws DataException naming the line and column of a field that is not a finite number
     */
    public static double number(String field, String column, String where, Remedy remedy) {
        String value = field.strip();
        if (!isNumber(value)) {
            String what = value.isEmpty() ? "column `" + column + "` is empty (a missing value)"
                    : "`" + shown(value) + "` in column `" + column + "` is not a finite number";
            throw new DataException(where + ": " + what, remedy);
        }
        return Double.parseDouble(value);
    }

    /** A field as a message shows it: on one line (a quoted field may span several), and not too long. */
    private static String shown(String field) {
        String line = field.replace("\r", "\\r").replace("\n", "\\n");
        return line.length() <= SHOWN_CHARACTERS ? line : line.substring(0, SHOWN_CHARACTERS) + "…";
    }

    /** Whether a first row is a header, as a detected one is: it has a field that is neither a number nor a date or time. */
    public static boolean looksLikeHeader(List<String> fields) {
        return fields.stream().anyMatch(f -> !isNumber(f) && !DateTimes.isDateTime(f));
    }

    /**
     * The fields of one line of CSV, as {@link #read} reads a row (a line whose fields hold no
     * line break).
     *
     * @param where the file and line, for errors
     */
    public static String[] fields(String line, String where) {
        List<CSVRecord> records = records(line, where);
        return records.isEmpty() ? new String[0] : records.get(0).values();
    }

    /** Whether {@code field} is a finite number as Java and Python write them. */
    public static boolean isNumber(String field) {
        String s = field.strip();
        if (s.isEmpty()) {
            return false;
        }
        try {
            return Double.isFinite(Double.parseDouble(s)) && !s.endsWith("d") && !s.endsWith("D") && !s.endsWith("f")
                    && !s.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static List<CSVRecord> records(String body, String name) {
        CSVFormat format = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (CSVParser parser = CSVParser.parse(new StringReader(body), format)) {
            List<CSVRecord> out = new ArrayList<>();
            for (CSVRecord r : parser) {
                if (!(r.size() == 1 && r.get(0).isBlank())) {
                    out.add(r);
                }
            }
            return out;
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // Commons CSV reports an unclosed quote and the like as these, with the position in the message.
            throw notCsv(name, reason(e));
        }
    }

    private static String reason(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** Commons CSV's two messages about quotes, told as what to do, with their line; others as they are. */
    private static DataException notCsv(String name, String reason) {
        Matcher unclosed = UNCLOSED_QUOTE.matcher(reason);
        if (unclosed.find()) {
            return new DataException(name + ":" + unclosed.group(1).replace(",", "") + ": a quoted field is never "
                    + "closed; close its quote (\"), or remove it");
        }
        Matcher after = TEXT_AFTER_QUOTE.matcher(reason);
        if (after.find()) {
            return new DataException(name + ":" + after.group(1).replace(",", "") + ": a quoted field is followed by "
                    + "more text before the next comma; quote the whole field (a quote inside it is written \"\")");
        }
        return new DataException(name + ": is not CSV (" + reason + ")");
    }

    /** The line a record starts on, from its character position: a quoted field may span lines. */
    private static long line(CSVRecord r, int[] lineStarts) {
        int found = java.util.Arrays.binarySearch(lineStarts, (int) r.getCharacterPosition());
        return (found >= 0 ? found : -found - 2) + 1;
    }

    private static int[] lineStarts(String body) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < body.length(); i++) {
            if (body.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void checkNames(List<String> columns, String name) {
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).isEmpty()) {
                throw new DataException(name + ":1: the header needs a name for every column (column " + (c + 1)
                        + " has none)");
            }
            if (columns.get(c).contains("\n") || columns.get(c).contains("\r")) {
                throw new DataException(name + ":1: the header's name of column " + (c + 1) + " spans lines (`"
                        + shown(columns.get(c)) + "`); give each column a name on one line");
            }
            if (!seen.add(columns.get(c))) {
                throw new DataException(name + ":1: the header names two columns `" + columns.get(c) + "`");
            }
        }
    }
}
