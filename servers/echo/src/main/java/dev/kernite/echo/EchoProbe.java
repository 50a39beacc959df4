package dev.kernite.echo;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Client;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import java.nio.charset.StandardCharsets;

/** Calls the echo service once with its first argument and prints what came back: the boot-time smoke check. */
public final class EchoProbe {
    private EchoProbe() {}

    public static void main(String[] args) {
        String text = args.length > 0 ? args[0] : "ping";
        Env env = Env.connect();
        try (Client echo = env.connect("echo").orElseThrow()) {
            Message req = new Message().setLabel(7).setPayload(text.getBytes(StandardCharsets.UTF_8));
            Message rep = new Message();
            long t0 = System.nanoTime();
            Status s = echo.call(req, rep);
            long us = (System.nanoTime() - t0) / 1000;
            if (s != Status.OK) {
                System.out.println("echo-probe: call failed: " + s);
                System.exit(1);
            }
            System.out.println("echo-probe: echo answered \"" + new String(rep.bytes(), StandardCharsets.UTF_8) + "\" in " + us + " µs (first call, cold)");
        }
        System.exit(0);
    }
}
