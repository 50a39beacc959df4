package dev.kernite.httpd;

import dev.kernite.runtime.Env;
import dev.kernite.runtime.fs.FileStat;
import dev.kernite.runtime.fs.FsChannel;
import dev.kernite.runtime.fs.FsClient;
import dev.kernite.runtime.fs.KFiles;
import dev.kernite.runtime.net.KServerSocket;
import dev.kernite.runtime.net.KSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP server: GET and HEAD of files under its root in the file system (through {@code fs}), over the
 * netstack's sockets (through {@code net}). HTTP/1.1 with keep-alive; Content-Length on every answer; 404 for
 * what is not a regular file (a directory serves its index.html), 400 for a malformed request, 405 for other
 * methods. Up to {@link #WORKERS} connections are served at once, each on a thread with its own socket channel;
 * a connection idle for {@link #IDLE_MS} is closed.
 *
 * <p>Arguments: {@code port=80 root=/srv/www} (the root is made, with an index.html, when missing).
 *
 * <p>Thread safety: the accepting thread and the workers share only the file client (thread-safe) and counters
 * (atomic).
 */
public final class Httpd {
    static final int WORKERS = 8;
    static final int IDLE_MS = 15_000;
    private static final int CHUNK = 64 * 1024;

    private final KFiles files;
    private final String root;
    private final AtomicLong served = new AtomicLong(), bad = new AtomicLong();

    Httpd(KFiles files, String root) {
        this.files = files;
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) if (a.contains("=")) opt.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        int port = Integer.parseInt(opt.getOrDefault("port", "80"));
        String root = opt.getOrDefault("root", "/srv/www");
        Env env = Env.connect();
        KFiles files = new KFiles(FsClient.connect(env).orElseThrow());
        if (!files.exists(root)) {
            files.createDirectories(root);
            files.writeString(root + "/index.html", "<html><body><h1>Kernite</h1><p>Served by httpd on a Java microkernel.</p></body></html>\n");
        }
        Httpd httpd = new Httpd(files, root);
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, Thread.ofPlatform().daemon().name("httpd-", 0).factory());
        try (KServerSocket listener = KServerSocket.bind(env, port, 64)) {
            System.err.println("httpd: serving " + root + " on port " + port);
            while (true) {
                KSocket s = listener.accept();
                workers.execute(() -> httpd.serve(s));
            }
        }
    }

    /** Serves one connection until it closes, asks to close, idles or sends something malformed. */
    void serve(KSocket s) {
        try (s) {
            s.setSoTimeout(IDLE_MS);
            InputStream in = s.getInputStream();
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), CHUNK);
            while (true) {
                HttpRequest.Parsed r = HttpRequest.read(in);
                if (r == null) return;
                boolean keep = answer(r, out);
                out.flush();
                if (!keep) return;
            }
        } catch (IOException e) {
            // the client went away or idled: nothing to answer
        } catch (RuntimeException e) {
            System.err.println("httpd: " + e);
        }
    }

    /** Writes the answer to {@code r}; whether the connection stays open. */
    boolean answer(HttpRequest.Parsed r, OutputStream out) throws IOException {
        if (r.bad() != null) {
            bad.incrementAndGet();
            status(out, 400, "Bad Request", "malformed request: " + r.bad() + "\n", false, "");
            return false;
        }
        if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
            status(out, 405, "Method Not Allowed", "only GET and HEAD\n", r.keepAlive(), "Allow: GET, HEAD\r\n");
            return r.keepAlive();
        }
        String path = root + r.path();
        FileStat st = stat(path);
        if (st != null && st.isDirectory()) st = stat(path = path.replaceAll("/+$", "") + "/index.html");
        if (st == null || !st.isRegularFile()) {
            status(out, 404, "Not Found", "no such file: " + r.path() + "\n", r.keepAlive(), "");
            return r.keepAlive();
        }
        served.incrementAndGet();
        head(out, 200, "OK", st.size(), type(path), r.keepAlive(), "");
        if (r.method().equals("GET")) body(path, st.size(), out);
        return r.keepAlive();
    }

    private FileStat stat(String path) {
        try {
            return files.getAttributes(path);
        } catch (IOException e) {
            return null;
        }
    }

    private void body(String path, long size, OutputStream out) throws IOException {
        byte[] buf = new byte[CHUNK];
        try (FsChannel ch = files.newByteChannel(path)) {
            long left = size;
            while (left > 0) {
                int n = ch.read(ByteBuffer.wrap(buf, 0, (int) Math.min(buf.length, left)));
                if (n <= 0) throw new IOException(path + " shrank while being sent"); // the client sees a short body
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    private static void status(OutputStream out, int code, String reason, String text, boolean keep, String extra) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        head(out, code, reason, b.length, "text/plain; charset=utf-8", keep, extra);
        out.write(b);
    }

    private static void head(OutputStream out, int code, String reason, long length, String type, boolean keep, String extra) throws IOException {
        out.write(("HTTP/1.1 " + code + " " + reason + "\r\nServer: kernite-httpd\r\nContent-Length: " + length + "\r\nContent-Type: " + type
            + "\r\nConnection: " + (keep ? "keep-alive" : "close") + "\r\n" + extra + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }

    static String type(String path) {
        String p = path.toLowerCase(java.util.Locale.ROOT);
        if (p.endsWith(".html") || p.endsWith(".htm")) return "text/html; charset=utf-8";
        if (p.endsWith(".txt")) return "text/plain; charset=utf-8";
        if (p.endsWith(".css")) return "text/css";
        if (p.endsWith(".js")) return "text/javascript";
        if (p.endsWith(".json")) return "application/json";
        if (p.endsWith(".png")) return "image/png";
        return "application/octet-stream";
    }
}
