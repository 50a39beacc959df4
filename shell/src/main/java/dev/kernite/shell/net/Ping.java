package dev.kernite.shell.net;

import dev.kernite.runtime.net.NetClient;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ping [-c N] HOST}: echo requests a second apart (4 unless {@code -c}), each round trip as it comes, then
 * a summary like Linux's.
 *
 * <pre>
 *   PING linux (10.77.0.1): 56 data bytes
 *   64 bytes from 10.77.0.1: icmp_seq=1 time=0.412 ms
 *   --- linux ping statistics ---
 *   4 packets transmitted, 4 received, 0% packet loss
 *   rtt min/avg/max = 0.301/0.388/0.412 ms
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Ping implements Command {
    static final int SIZE = 56;
    static final Duration WAIT = Duration.ofSeconds(2);

    @Override public String name() { return "ping"; }

    @Override public String usage() { return "ping [-c N] HOST"; }

    @Override public String summary() { return "ICMP echo round trips to a host"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        int count = 4;
        String host;
        if (args.size() == 3 && args.get(0).equals("-c")) {
            try {
                count = Integer.parseInt(args.get(1));
            } catch (NumberFormatException e) {
                return ctx.usage(this);
            }
            host = args.get(2);
        } else if (args.size() == 1) {
            host = args.get(0);
        } else {
            return ctx.usage(this);
        }
        if (count < 1 || count > 10_000) return ctx.usage(this);
        try {
            int address = ctx.net().resolve(host);
            ctx.println("PING " + host + " (" + NetClient.format(address) + "): " + SIZE + " data bytes");
            List<Long> rtts = new ArrayList<>();
            for (int seq = 1; seq <= count; seq++) {
                long started = System.nanoTime();
                try {
                    long us = ctx.net().ping(address, SIZE, WAIT);
                    rtts.add(us);
                    ctx.println((SIZE + 8) + " bytes from " + NetClient.format(address) + ": icmp_seq=" + seq + " time=" + ms(us) + " ms");
                } catch (SocketTimeoutException e) {
                    ctx.println("no answer for icmp_seq=" + seq);
                } catch (IOException e) {
                    if (e.getMessage() == null || !e.getMessage().contains("timed out")) throw e;
                    ctx.println("no answer for icmp_seq=" + seq);
                }
                long left = 1_000_000_000L - (System.nanoTime() - started);
                if (seq < count && left > 0) ctx.sleeper().sleep(Duration.ofNanos(left));
            }
            ctx.println("--- " + host + " ping statistics ---");
            ctx.println(count + " packets transmitted, " + rtts.size() + " received, " + (100 * (count - rtts.size()) / count) + "% packet loss");
            if (!rtts.isEmpty()) {
                long min = rtts.stream().mapToLong(x -> x).min().orElseThrow(), max = rtts.stream().mapToLong(x -> x).max().orElseThrow();
                ctx.println("rtt min/avg/max = " + ms(min) + "/" + ms((long) rtts.stream().mapToLong(x -> x).average().orElseThrow()) + "/" + ms(max) + " ms");
            }
        } catch (IOException e) {
            ctx.error("ping: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Outcome.CONTINUE;
    }

    static String ms(long us) { return String.format("%.3f", us / 1000.0); }
}
