package io.rnnc.runtime.predict;

import java.io.PrintWriter;

/**
 * What a trained model answers for each input of a file, as lines of text: a class and every
 * class's probability, the tags of a sentence, a value, a translation. {@code rnnc predict}
 * and an exported model print the same lines.
 */
public interface Predictor {
    /**
     * Prints a header line, then the answer for each input of the file.
     *
     * @param name the file's name, for errors
     * @param text the file's text: inputs a line, or lines in the task's training format
     * @param batch inputs run at once
     * @param err where a detected header line is announced
     * @throws io.rnnc.runtime.data.DataException when an input cannot be read as the model reads its data
     */
    void predict(String name, String text, int batch, PrintWriter out, PrintWriter err);
}
