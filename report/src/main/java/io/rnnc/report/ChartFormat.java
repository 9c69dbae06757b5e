package io.rnnc.report;

/** The files a chart is written as. */
public enum ChartFormat {
    /** A bitmap, for viewers and documents that take no SVG. */
    PNG("png"),
    /** Vector graphics, sharp at any size; what reports embed. */
    SVG("svg");

    private final String extension;

    ChartFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without the dot. */
    public String extension() {
        return extension;
    }
}
