package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data read as the user meant it, and trained models used on new data: a header line is not a
 * class, the held-out part is where the README says, `--valid` holds out a file of its own, and
 * `eval` and `predict` read whole new files for every task.
 */
class DataTest {
    private static TrainCommandTest.Result ok(TrainCommandTest.Result r) {
        assertEquals(0, r.status(), r.out() + r.err());
        return r;
    }

    private static void failed(int status, TrainCommandTest.Result r, String phrase) {
        assertEquals(status, r.status(), r.out() + r.err());
        assertTrue(r.err().contains(phrase), "expected `" + phrase + "` in: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    private static String labelled(int lines) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            s.append(i % 2 == 0 ? "yes\tababab\n" : "no\tbbbaaa\n");
        }
        return s.toString();
    }

    private static String[] classify(Path data, Path ckpt, String... more) {
        String[] base = {"train", "--cell", "stdlib:gru", "--task", "classify", "--data", data.toString(), "--hidden", "6",
            "--batch", "4", "--max-steps", "2", "--checkpoint", ckpt.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aHeaderLineIsNotAClass(@TempDir Path dir) throws Exception {
        Path tsv = Files.writeString(dir.resolve("labels.tsv"), "label\ttext\n" + labelled(20));
        TrainCommandTest.Result r = ok(rnnc(classify(tsv, dir.resolve("a.safetensors"))));
        assertTrue(r.err().contains("labels.tsv:1: `label<TAB>text` is read as a header naming the columns, not as an "
                + "example; --header no reads it as data"), r.err());
        assertTrue(r.out().contains("data: 18 lines to train on, 2 held out (every 10th example); classes: no 8, yes 10"),
                r.out());
        TrainCommandTest.Result asData = ok(rnnc(classify(tsv, dir.resolve("b.safetensors"), "--header", "no")));
        assertTrue(asData.out().contains("classes: label 1, no 10, yes 8"), asData.out());
        failed(Exit.USAGE, rnnc(classify(tsv, dir.resolve("c.safetensors"), "--header", "maybe")),
                "--header must be yes, no or auto, not `maybe`");
    }

    /** Examples 3, 6 and 9 of ten are held out at --split 0.3: floor((i+1)·0.3) > floor(i·0.3). */
    @Test
    void theHeldOutLinesAreTheOnesTheReadmeNames(@TempDir Path dir) throws Exception {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            s.append(i % 3 == 0 && i > 0 ? "held" : "kept").append("\tab\n");
        }
        Path tsv = Files.writeString(dir.resolve("d.tsv"), s);
        TrainCommandTest.Result r = ok(rnnc(classify(tsv, dir.resolve("m.safetensors"), "--split", "0.3")));
        assertTrue(r.out().contains("data: 7 lines to train on, 3 held out (a fraction 0.3, spread evenly); classes: "
                + "held 0, kept 7"), r.out());
        Path text = Files.writeString(dir.resolve("t.txt"), "abcdefghij".repeat(10));
        TrainCommandTest.Result lm = ok(rnnc("train", "--cell", "stdlib:gru", "--data", text.toString(), "--split", "0.25",
                "--hidden", "4", "--max-steps", "1", "--sample", "0", "--checkpoint", dir.resolve("l.safetensors").toString()));
        assertTrue(lm.out().contains("data: 75 tokens to train on, 25 held out (the last 0.25)"), lm.out());
        failed(Exit.USAGE, rnnc(classify(tsv, dir.resolve("x.safetensors"), "--split", "1")), "--split is the fraction");
        failed(Exit.USAGE, rnnc(classify(tsv, dir.resolve("x.safetensors"), "--split", "0.2", "--valid", tsv.toString())),
                "--valid holds out a file of its own, and --split a part of --data; give one of them");
    }

    @Test
    void aClassifierPredictsAndIsEvaluatedOnNewFiles(@TempDir Path dir) throws Exception {
        Path train = Files.writeString(dir.resolve("train.tsv"), labelled(30));
        Path valid = Files.writeString(dir.resolve("valid.tsv"), labelled(6));
        Path ckpt = dir.resolve("m.safetensors");
        TrainCommandTest.Result r = ok(rnnc(classify(train, ckpt, "--valid", valid.toString())));
        assertTrue(r.out().contains("data: 30 lines to train on, 6 held out (" + valid + ")"), r.out());
        assertTrue(r.out().contains("held-out loss") && r.out().contains("on 6 sequences"), r.out());

        Path test = Files.writeString(dir.resolve("test.tsv"), labelled(14));
        TrainCommandTest.Result eval = ok(rnnc("eval", "--checkpoint", ckpt.toString(), "--data", test.toString()));
        assertTrue(eval.out().startsWith(test + ": loss ") && eval.out().contains("on 14 sequences"), eval.out());
        failed(Exit.USAGE, rnnc("eval", "--checkpoint", ckpt.toString(), "--data", train.toString(), "--held-out"),
                "the saved run held out a file of its own");

        Path texts = Files.writeString(dir.resolve("new.txt"), "ababab\nbbbaaa\naab\n");
        TrainCommandTest.Result p = ok(rnnc("predict", "--checkpoint", ckpt.toString(), texts.toString()));
        List<String> lines = p.out().lines().toList();
        assertEquals(List.of("class", "p(no)", "p(yes)", "text"), List.of(lines.get(0).split("\t")));
        assertEquals(4, lines.size(), p.out());
        for (String line : lines.subList(1, 4)) {
            String[] f = line.split("\t");
            double sum = Double.parseDouble(f[1]) + Double.parseDouble(f[2]);
            assertEquals(1, sum, 2e-4, line);
            assertEquals(Double.parseDouble(f[1]) > Double.parseDouble(f[2]) ? "no" : "yes", f[0], line);
        }
        assertTrue(lines.get(3).endsWith("\taab"), lines.get(3));
        TrainCommandTest.Result sameFormat = ok(rnnc("predict", "--checkpoint", ckpt.toString(), test.toString()));
        assertEquals(15, sameFormat.out().lines().count(), "a file in the training format: its labels are ignored");
        failed(Exit.BAD_INPUT, rnnc("predict", "--checkpoint", ckpt.toString(), dir.resolve("none.txt").toString()),
                "none.txt: no such file");
        Path unknown = Files.writeString(dir.resolve("unknown.txt"), "abz\n");
        failed(Exit.BAD_INPUT, rnnc("predict", "--checkpoint", ckpt.toString(), unknown.toString()),
                "unknown.txt: `z` is not in the model's vocabulary");
    }

    @Test
    void aForecasterPredictsEveryRowOfANewSeries(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("series.csv"), series(60, 0));
        Path ckpt = dir.resolve("r.safetensors");
        ok(rnnc("train", "--cell", "stdlib:rnn_tanh", "--task", "regress", "--data", csv.toString(), "--hidden", "6",
                "--steps", "10", "--batch", "4", "--max-steps", "3", "--checkpoint", ckpt.toString()));
        Path next = Files.writeString(dir.resolve("next.csv"), series(25, 60));
        TrainCommandTest.Result p = ok(rnnc("predict", "--checkpoint", ckpt.toString(), next.toString()));
        List<String> lines = p.out().lines().toList();
        assertEquals("row,next_value", lines.get(0));
        assertEquals(26, lines.size(), "a forecast for every row, the last one's beyond the file");
        assertTrue(lines.get(25).startsWith("25,"), lines.get(25));
        TrainCommandTest.Result eval = ok(rnnc("eval", "--checkpoint", ckpt.toString(), "--data", next.toString()));
        assertTrue(eval.out().contains("over 24 forecasts"), eval.out());
        Path other = Files.writeString(dir.resolve("other.csv"), "t,level\n1,2\n2,3\n");
        failed(Exit.BAD_INPUT, rnnc("eval", "--checkpoint", ckpt.toString(), "--data", other.toString()),
                "other.csv: has no column `value`; its columns are t, level");
    }

    private static String series(int rows, int from) {
        StringBuilder s = new StringBuilder("t,value\n");
        for (int i = from; i < from + rows; i++) {
            s.append(i).append(',').append(Math.sin(i / 5.0)).append('\n');
        }
        return s.toString();
    }

    @Test
    void translationsAndLanguageModelsPredictPerLine(@TempDir Path dir) throws Exception {
        Path pairs = Files.writeString(dir.resolve("pairs.tsv"), "source\ttarget\n" + "abc\tcba\nba\tab\n".repeat(10));
        Path s2s = dir.resolve("s.safetensors");
        ok(rnnc("train", "--cell", "stdlib:gru", "--task", "seq2seq", "--data", pairs.toString(), "--hidden", "8",
                "--batch", "4", "--max-steps", "2", "--checkpoint", s2s.toString()));
        Path sources = Files.writeString(dir.resolve("sources.txt"), "cab\nb\n");
        TrainCommandTest.Result p = ok(rnnc("predict", "--checkpoint", s2s.toString(), sources.toString()));
        List<String> lines = p.out().lines().toList();
        assertEquals("source\tdecoded", lines.get(0));
        assertEquals(3, lines.size(), p.out());
        assertTrue(lines.get(1).startsWith("cab\t") && lines.get(2).startsWith("b\t"), p.out());

        Path text = Files.writeString(dir.resolve("t.txt"), "the cat sat on the mat.\n".repeat(20));
        Path lm = dir.resolve("lm.safetensors");
        ok(rnnc("train", "--cell", "stdlib:gru", "--data", text.toString(), "--hidden", "8", "--max-steps", "2",
                "--sample", "0", "--checkpoint", lm.toString()));
        Path prompts = Files.writeString(dir.resolve("prompts.txt"), "the cat\nmat\n");
        TrainCommandTest.Result q = ok(rnnc("predict", "--checkpoint", lm.toString(), prompts.toString()));
        List<String> scored = q.out().lines().toList();
        assertEquals("loss_nats_per_token\tnext\tp_next\tline", scored.get(0));
        assertEquals(3, scored.size(), q.out());
        assertTrue(scored.get(1).endsWith("\tthe cat") && Double.parseDouble(scored.get(1).split("\t")[0]) > 0, q.out());

        TrainCommandTest.Result greedy = ok(rnnc("sample", "--checkpoint", lm.toString(), "--temperature", "0",
                "--prompt", "the", "--length", "20", "--seed", "1"));
        TrainCommandTest.Result again = ok(rnnc("sample", "--checkpoint", lm.toString(), "--temperature", "0",
                "--prompt", "the", "--length", "20", "--seed", "2"));
        assertEquals(greedy.out(), again.out(), "greedy decoding draws nothing");
    }
}
