package dev.kernite.rs.probe;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Server;
import java.time.Duration;

/**
 * A service that misbehaves on purpose, for rs's system tests (not part of a real system).
 *
 * <pre>
 *   hang-after ENDPOINT MILLIS   serve ENDPOINT (echo calls back), then stop calling receive: alive but silent
 *   never-ready ENDPOINT         serve ENDPOINT but never call receive: never answers its first heartbeat
 *   crash-after MILLIS           run MILLIS, then exit with status 3
 * </pre>
 *
 * <p>Thread safety: single-threaded.
 */
public final class FaultyService {
    private FaultyService() {}

    public static void main(String[] args) throws InterruptedException {
        Env env = Env.connect();
        switch (args[0]) {
            case "hang-after" -> hangAfter(env, args[1], Long.parseLong(args[2]));
            case "never-ready" -> hangAfter(env, args[1], 0);
            case "crash-after" -> {
                Thread.sleep(Long.parseLong(args[1]));
                System.out.println("faulty: crashing on purpose");
                System.exit(3);
            }
            case "exit-after" -> {
                Thread.sleep(Long.parseLong(args[1]));
                System.out.println("faulty: done, exiting with status " + args[2]);
                System.exit(Integer.parseInt(args[2]));
            }
            default -> {
                System.err.println("faulty: unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    private static void hangAfter(Env env, String endpoint, long millis) throws InterruptedException {
        Server server = env.serve(endpoint).orElseThrow();
        long until = System.nanoTime() + millis * 1_000_000;
        Message msg = new Message();
        while (System.nanoTime() - until < 0) {
            Status s = server.receive(msg, Duration.ofMillis(20));
            if (s == Status.OK && msg.expectsReply()) server.reply(msg);
        }
        System.out.println("faulty: no longer receiving");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
