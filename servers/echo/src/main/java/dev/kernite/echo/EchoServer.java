package dev.kernite.echo;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Env;
import dev.kernite.runtime.Message;
import dev.kernite.runtime.Server;

/**
 * Serves the endpoint named {@code echo} (or the first argument): every call is answered with its own label and
 * payload; one-way messages are counted. Label {@link #LABEL_COUNT} answers with the number of one-way messages
 * received so far (8 bytes), so a client can check that none were lost.
 */
public final class EchoServer {
    /** Call label: reply with the count of one-way messages received. */
    public static final int LABEL_COUNT = -1;

    private EchoServer() {}

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "echo";
        Env env = Env.connect();
        Server server = env.serve(name).orElseThrow();
        Message msg = new Message();
        long oneWay = 0;
        while (true) {
            Status s = server.receive(msg);
            if (s != Status.OK) {
                System.err.println("echo: receive failed: " + s);
                continue;
            }
            if (!msg.expectsReply()) {
                oneWay++;
                continue;
            }
            if (msg.label() == LABEL_COUNT) msg.setLength(0).putLong(0, oneWay);
            server.reply(msg);
        }
    }
}
