package dev.kernite.shell.net;

import dev.kernite.abi.fs.FsResult;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.NetAccess;
import dev.kernite.shell.text.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code wget URL [-O FILE]}: an HTTP/1.1 GET over a TCP socket of the netstack, the body saved into the file
 * system (FILE, else the URL's last path segment, else index.html, in the working directory). A download of over
 * a megabyte prints a progress line per megabyte. Only {@code http://}, 200 answers and bodies delimited by
 * Content-Length or the connection's end (not chunked).
 *
 * <p>Thread safety: stateless.
 */
public final class Wget implements Command {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_HEAD = 16 * 1024;
    private static final long PROGRESS = 1 << 20;

    /** A parsed {@code http://HOST[:PORT]/PATH}. */
    record Url(String host, int port, String path) {
        static Url parse(String text) {
            if (!text.startsWith("http://")) return null;
            String rest = text.substring(7);
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash), path = slash < 0 ? "/" : rest.substring(slash);
            int colon = authority.lastIndexOf(':');
            try {
                int port = colon < 0 ? 80 : Integer.parseInt(authority.substring(colon + 1));
                String host = colon < 0 ? authority : authority.substring(0, colon);
                return host.isEmpty() || port < 1 || port > 65535 || path.chars().anyMatch(c -> c <= ' ') ? null : new Url(host, port, path);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        String fileName() {
            String p = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            String last = p.substring(p.lastIndexOf('/') + 1);
            return last.isEmpty() ? "index.html" : last;
        }
    }

    @Override public String name() { return "wget"; }

    @Override public String usage() { return "wget URL [-O FILE]"; }

    @Override public String summary() { return "download a file over HTTP into the file system"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        String url = null, out = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-O") && i + 1 < args.size()) out = args.get(++i);
            else if (url == null) url = args.get(i);
            else return ctx.usage(this);
        }
        Url u = url == null ? null : Url.parse(url);
        if (u == null) return ctx.usage(this);
        String path = ctx.path(out != null ? out : u.fileName());
        long t0 = System.nanoTime();
        try (NetAccess.Connection c = ctx.net().connect(u.host(), u.port(), TIMEOUT)) {
            c.out().write(("GET " + u.path() + " HTTP/1.1\r\nHost: " + u.host() + (u.port() != 80 ? ":" + u.port() : "")
                + "\r\nUser-Agent: kernite-wget\r\nAccept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            c.out().flush();
            long length = head(c.in());
            long got = save(c.in(), length, path, ctx);
            double s = (System.nanoTime() - t0) / 1e9;
            ctx.println("saved " + path + " (" + Format.bytes(got) + " in " + String.format("%.1f", s) + " s, "
                + Format.bytes((long) (got / Math.max(s, 1e-3))) + "/s)");
        } catch (IOException e) {
            ctx.error("wget: " + e.getMessage());
        }
        return Outcome.CONTINUE;
    }

    /** Reads the status line and headers; the Content-Length, or -1 when the body ends with the connection. */
    static long head(InputStream in) throws IOException {
        StringBuilder h = new StringBuilder();
        while (h.length() < 4 || !h.substring(h.length() - 4).equals("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("the server closed the connection before answering");
            if (h.length() == MAX_HEAD) throw new IOException("the answer's head is over " + MAX_HEAD + " bytes");
            h.append((char) b);
        }
        String[] lines = h.toString().split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + lines[0]);
        if (!status[1].equals("200")) throw new IOException("the server answered " + status[1] + (status.length > 2 ? " " + status[2] : ""));
        long length = -1;
        for (String line : lines) {
            String l = line.toLowerCase(Locale.ROOT);
            if (l.startsWith("content-length:")) length = Long.parseLong(l.substring(15).trim());
            if (l.startsWith("transfer-encoding:") && !l.contains("identity")) throw new IOException("chunked answers are not supported");
        }
        return length;
    }

    private static long save(InputStream in, long length, String path, Context ctx) throws IOException {
        FsResult<OutputStream> w = ctx.files().openWrite(path, false);
        if (!w.ok()) throw new IOException(path + ": " + w.error().message());
        byte[] buf = new byte[64 * 1024];
        long got = 0, nextProgress = PROGRESS;
        try (OutputStream out = w.value()) {
            while (length < 0 || got < length) {
                int n = in.read(buf, 0, (int) (length < 0 ? buf.length : Math.min(buf.length, length - got)));
                if (n < 0) break;
                out.write(buf, 0, n);
                got += n;
                if (got >= nextProgress) {
                    ctx.println("  " + Format.bytes(got) + (length > 0 ? " of " + Format.bytes(length) + " (" + 100 * got / length + "%)" : ""));
                    nextProgress += PROGRESS;
                }
            }
        }
        if (length >= 0 && got < length) throw new IOException("the connection ended after " + got + " of " + length + " bytes");
        return got;
    }
}
