package io.rnnc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps two runs from writing one checkpoint: `rnnc train`, and each run of `rnnc compare`,
 * holds an operating-system lock on the file {@code .NAME.lock} beside checkpoint NAME while it
 * runs (the file holds its process id, and is removed when the run ends; one a killed run
 * leaves is taken over). The system releases the lock when the process ends, however it ends
 * (kill -9 too), so a lock is never stale. Holding it, a run removes what a killed run left
 * half-written: the saver's temporary files of that checkpoint.
 */
final class CheckpointLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private CheckpointLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code checkpoint} for this process.
     *
     * @param err where removed leftovers are announced
     * @throws UnavailableError when another run holds it, or the lock file cannot be made
     */
    static CheckpointLock acquire(Path checkpoint, PrintWriter err) {
        Path dir = checkpoint.toAbsolutePath().getParent();
        Path file = dir.resolve("." + checkpoint.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            FileLock lock = null;
            // A holder removes the file as it ends: a lock taken on the file it removed is taken again on a new one.
            while (lock == null) {
                closeQuietly(channel);
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                Object opened = fileKey(file);
                lock = tryLock(channel);
                if (lock == null) {
                    throw new UnavailableError(checkpoint + ": another rnnc train" + holder(channel) + " is writing "
                            + "this checkpoint; wait for it to end, or give this run another --checkpoint");
                }
                if (opened == null || !opened.equals(fileKey(file))) {
                    lock = null;
                }
            }
            channel.truncate(0).write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid())
                    .getBytes(StandardCharsets.US_ASCII)), 0);
            CheckpointLock held = new CheckpointLock(file, channel, lock);
            channel = null;
            removeLeftovers(dir, checkpoint, err);
            return held;
        } catch (IOException e) {
            throw new UnavailableError(checkpoint + ": cannot lock the checkpoint (" + file + ": " + IoReason.of(e) + ")");
        } finally {
            closeQuietly(channel);
        }
    }

    /** The identity of the file at {@code path} (device and inode), or null when there is none. */
    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Another run in this very JVM (a program calling rnnc twice) holds it.
            return null;
        }
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer b = ByteBuffer.allocate(32);
            channel.read(b, 0);
            String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("[0-9]+") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The temporary files a killed writer of {@code checkpoint} or of the best checkpoint beside
     * it left (see {@code Safetensors.write}).
     */
    private static void removeLeftovers(Path dir, Path checkpoint, PrintWriter err) throws IOException {
        List<String> prefixes = Stream.of(checkpoint, RunMonitor.bestBeside(checkpoint))
                .map(c -> "." + c.getFileName() + ".").toList();
        List<Path> partial;
        try (Stream<Path> files = Files.list(dir)) {
            partial = files.filter(p -> {
                String name = p.getFileName().toString();
                return prefixes.stream().anyMatch(name::startsWith) && name.endsWith(".tmp");
            }).toList();
        }
        for (Path p : partial) {
            Files.deleteIfExists(p);
        }
        if (!partial.isEmpty()) {
            err.printf("rnnc: removed %d partly written checkpoint%s left by a run that was killed while saving%n",
                    partial.size(), partial.size() == 1 ? "" : "s");
            err.flush();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock; nothing else to do.
            }
        }
    }

    @Override
    public void close() {
        try {
            // Removed while still held, so that no other run locks the file being removed.
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A lock file left behind is taken over by the next run.
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel's close below releases it too.
        }
        closeQuietly(channel);
    }
}
