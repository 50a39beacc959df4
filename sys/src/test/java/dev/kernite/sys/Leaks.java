package dev.kernite.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts the descriptors these tests could leak — sockets and memfds — ignoring files the JDK opens lazily on its
 * own (jars, the random source), which a plain descriptor count would mistake for leaks.
 */
final class Leaks {
    private Leaks() {}

    static long socketsAndMemfds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.filter(p -> {
                try {
                    String target = Files.readSymbolicLink(p).toString();
                    return target.startsWith("socket:") || target.startsWith("/memfd:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
