package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What a directory holds, file by file, to assert that a refused command left it byte for byte as it was. */
record FilesOnDisk(Map<String, String> digests) {
    /** Every file under {@code dir} (hidden ones too: locks, temporary files) with the SHA-256 of its bytes. */
    static FilesOnDisk of(Path dir) {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                digests.put(dir.relativize(f).toString(), sha256(Files.readAllBytes(f)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FilesOnDisk(digests);
    }

    /** Asserts that {@code dir} holds the same files with the same bytes: nothing changed, nothing left behind. */
    void assertUnchanged(Path dir) {
        assertEquals(digests, of(dir).digests(), "the files on disk, byte for byte");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
