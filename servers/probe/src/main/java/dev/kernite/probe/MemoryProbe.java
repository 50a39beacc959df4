package dev.kernite.probe;

import static dev.kernite.probe.Probe.result;

import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Dataspace;
import dev.kernite.runtime.Device;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.Server;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Dataspace probes: quotas, grants of sub-ranges, revocation, device mappings. Each reports RESULT lines.
 *
 * <pre>
 *   quota BYTES            allocate BYTES until refused            → RESULT quota COUNT STATUS, RESULT quota-again STATUS
 *   hog BYTES N            allocate N dataspaces, touch them, wait  → RESULT hog ready
 *   lender ENDPOINT        serve: label 1 lends pages 1–2 of a 4-page dataspace read-only, label 2 revokes
 *   borrower ENDPOINT      borrow, check, try to write and regrant, have it revoked → RESULT borrow … lines
 *   dma DEVICE IOVA        open a device, map a read-only and a writable dataspace at IOVA and IOVA+64K, wait
 * </pre>
 */
final class MemoryProbe {
    static final long PAGE = 4096;
    static final int LEND = 1, REVOKE = 2;

    private MemoryProbe() {}

    static void quota(Env env, long bytes) {
        List<Dataspace> held = new ArrayList<>();
        Result<Dataspace> r;
        while ((r = env.allocate(bytes)).ok()) held.add(r.value());
        result("quota", held.size(), r.status());
        held.removeFirst().close();
        result("quota-again", env.allocate(bytes).status());
    }

    static void hog(Env env, long bytes, int n) throws InterruptedException {
        List<Dataspace> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Dataspace d = env.allocate(bytes).orElseThrow();
            d.segment().fill((byte) i);
            held.add(d);
        }
        result("hog", "ready");
        Thread.sleep(Long.MAX_VALUE);
    }

    static void lender(Env env, String endpoint) {
        Server s = env.serve(endpoint).orElseThrow();
        Message m = new Message();
        Dataspace lent = null;
        while (true) {
            if (s.receive(m) != Status.OK) continue;
            switch (m.label()) {
                case LEND -> {
                    lent = env.allocate(4 * PAGE).orElseThrow();
                    for (int p = 0; p < 4; p++) lent.segment().asSlice(p * PAGE, PAGE).fill((byte) (p + 1));
                    Result<Integer> g = lent.grant(PAGE, 2 * PAGE, Rights.READ, s.channelOf(m));
                    m.clear().setLength(8).putInt(0, g.ok() ? g.value() : 0).putInt(4, g.status().code());
                }
                case REVOKE -> m.clear().setLength(4).putInt(0, lent == null ? Status.BAD_STATE.code() : lent.revoke().code());
                default -> m.clear().setLength(4).putInt(0, Status.INVALID_ARGUMENT.code());
            }
            s.reply(m);
        }
    }

    static void borrower(Env env, String endpoint) throws InterruptedException {
        Client c = env.connect(endpoint).orElseThrow();
        Message req = new Message(), rep = new Message();
        Status s = c.call(req.clear().setLabel(LEND), rep);
        if (s != Status.OK || rep.getInt(4) != Status.OK.code()) { result("borrow", "lend", s, rep.getInt(4)); return; }
        int handle = rep.getInt(0);
        Result<Dataspace> mapped = env.mapDataspace(handle);
        if (!mapped.ok()) { result("borrow", "map", mapped.status()); return; }
        Dataspace d = mapped.value();
        byte first = d.segment().get(ValueLayout.JAVA_BYTE, 0), last = d.segment().get(ValueLayout.JAVA_BYTE, d.size() - 1);
        result("borrow", "read", d.size(), first, last, d.writable());
        try {
            d.segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 9);
            result("borrow", "write", "succeeded");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            result("borrow", "write", "refused");
        }
        result("borrow", "regrant", d.grant(0, PAGE, Rights.READ, c.handle()).status());
        s = c.call(req.clear().setLabel(REVOKE), rep);
        result("borrow", "revoke", s, Status.fromCode(rep.getInt(0)));
        for (int i = 0; i < 500 && !d.isClosed(); i++) Thread.sleep(10);
        result("borrow", "closed", d.isClosed());
        try {
            d.segment().get(ValueLayout.JAVA_BYTE, 0);
            result("borrow", "after-revoke", "readable");
        } catch (IllegalStateException e) {
            result("borrow", "after-revoke", "refused");
        }
        result("borrow", "remap", env.mapDataspace(handle).status());
    }

    static void dma(Env env, String device, long iova) throws InterruptedException {
        int h = env.capability(device).orElseThrow().handle();
        Device dev = env.openDevice(h).orElseThrow();
        Dataspace ro = env.allocate(16 * PAGE).orElseThrow(), rw = env.allocate(16 * PAGE).orElseThrow();
        ro.segment().fill((byte) 0x5A);
        result("dma", "map-ro", dev.dmaMap(ro, iova, false));
        result("dma", "map-rw", dev.dmaMap(rw, iova + 16 * PAGE, true));
        result("dma", "overlap", dev.dmaMap(rw, iova + 8 * PAGE, true));
        result("dma", "unaligned", dev.dmaMap(rw, (iova + (1L << 30)) | 1, true));
        result("dma", "ready");
        for (int i = 0; i < 3000; i++) {
            if (rw.segment().get(ValueLayout.JAVA_BYTE, 0) == 0x33) { result("dma", "device-wrote"); break; }
            Thread.sleep(10);
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
