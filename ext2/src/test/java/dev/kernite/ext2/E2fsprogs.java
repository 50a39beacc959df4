package dev.kernite.ext2;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Linux's e2fsprogs (mke2fs, e2fsck, debugfs) for the agreement tests; fails, never skips, when they are missing. */
final class E2fsprogs {
    record Run(int exit, byte[] out, String err) {
        String text() { return new String(out, StandardCharsets.UTF_8) + err; }
    }

    private E2fsprogs() {}

    static String tool(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin", "/usr/local/sbin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) return p.toString();
        }
        fail(name + " not found: install e2fsprogs (apt-get install e2fsprogs) to run the ext2 agreement tests");
        return null;
    }

    static Run run(String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, tool(cmd.get(0)));
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            var out = new ByteArrayOutputStream();
            var errBuf = new ByteArrayOutputStream();
            Thread t = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), errBuf));
            copy(p.getInputStream(), out);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish in 60 s");
            }
            t.join();
            return new Run(p.exitValue(), out.toByteArray(), errBuf.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** A sparse image file of this size. */
    static Path image(Path dir, String name, long bytes) throws IOException {
        Path p = dir.resolve(name);
        try (var f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    static void mke2fs(Path image, String... options) {
        List<String> cmd = new ArrayList<>(List.of("mke2fs", "-q", "-F"));
        cmd.addAll(List.of(options));
        cmd.add(image.toString());
        Run r = run(cmd.toArray(String[]::new));
        if (r.exit() != 0) fail("mke2fs failed: " + r.text());
    }

    /** e2fsck -fn: fails with its report unless the file system is clean. */
    static void assertClean(Path image) {
        Run r = run("e2fsck", "-fn", image.toString());
        if (r.exit() != 0) fail("e2fsck -fn found problems (exit " + r.exit() + "):\n" + r.text());
    }

    static Run fsckFix(Path image) { return run("e2fsck", "-fy", image.toString()); }

    static byte[] cat(Path image, String path) {
        Run r = run("debugfs", "-R", "cat \"" + path + "\"", image.toString());
        if (r.exit() != 0) fail("debugfs cat " + path + ": " + r.text());
        return r.out();
    }

    static String debugfs(Path image, String request) {
        Run r = run("debugfs", "-R", request, image.toString());
        return new String(r.out(), StandardCharsets.UTF_8) + r.err();
    }
}
