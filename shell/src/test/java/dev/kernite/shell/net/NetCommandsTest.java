package dev.kernite.shell.net;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.runtime.net.SocketProtocol;
import dev.kernite.shell.Context;
import dev.kernite.shell.FakeNet;
import dev.kernite.shell.Shell;
import dev.kernite.shell.TestShell;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class NetCommandsTest {
    final TestShell sh = new TestShell();
    final FakeNet net = new FakeNet();
    final StringWriter buffer = new StringWriter();
    final Context ctx = new Context(Shell.standardCommands(), sh.system, sh.services, sh.files, new PrintWriter(buffer, true), d -> { }, net);

    String run(String line) {
        ctx.commands().execute(line, ctx);
        String out = buffer.toString();
        buffer.getBuffer().setLength(0);
        return out;
    }

    @Test
    void ifconfigShowsAddressMacMtuAndDropsByReason() {
        String out = run("ifconfig");
        assertTrue(out.contains("net0: 10.77.0.2/24  mac 02:4b:4e:00:00:01  mtu 1500  gateway 10.77.0.1"), out);
        assertTrue(out.contains("dropped 3: truncated 2, bad_checksum 1"), out);
    }

    @Test
    void pingPrintsRoundTripsAndASummary() {
        net.pingAnswers.addAll(java.util.List.of(400L, 600L));
        String out = run("ping -c 3 linux");
        assertTrue(out.contains("PING linux (10.77.0.1)"), out);
        assertTrue(out.contains("icmp_seq=1 time=0.400 ms"), out);
        assertTrue(out.contains("no answer for icmp_seq=3"), out);
        assertTrue(out.contains("3 packets transmitted, 2 received, 33% packet loss"), out);
        assertTrue(out.contains("rtt min/avg/max = 0.400/0.500/0.600 ms"), out);
        assertTrue(run("ping nowhere").contains("kernite: ping: nowhere"));
        assertTrue(run("ping -c x linux").contains("usage"));
    }

    @Test
    void netstatAndArpPrintAlignedTables() {
        net.sockets.add(new SocketProtocol.SocketRow(1, 42, 6, 80, 0, 0, 2));
        net.sockets.add(new SocketProtocol.SocketRow(2, 42, 6, 80, 0x0A4D0001, 50312, 5));
        String out = run("netstat");
        assertTrue(out.lines().anyMatch(l -> l.matches("tcp\\s+\\*:80\\s+\\*\\s+LISTEN\\s+42")), out);
        assertTrue(out.contains("10.77.0.1:50312  ESTABLISHED"), out);
        String arp = run("arp");
        assertTrue(arp.contains("0a:0b:0c:0d:0e:0f") && arp.contains("(incomplete)"), arp);
    }

    @Test
    void wgetSavesTheBodyIntoTheFileSystem() throws Exception {
        String out = run("wget http://linux/dir/hello.txt");
        assertTrue(out.contains("saved /hello.txt"), out);
        assertEquals("hello", new String(sh.files.openRead("/hello.txt").value().readAllBytes()));
        assertTrue(net.sent.toString().startsWith("GET /dir/hello.txt HTTP/1.1\r\nHost: linux\r\n"), net.sent.toString());
        net.httpAnswer = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n";
        assertTrue(run("wget http://linux/x -O /y").contains("the server answered 404 Not Found"));
        assertTrue(run("wget http://linux:81/x").contains("connection refused"));
        assertTrue(run("wget ftp://linux/x").contains("usage"));
    }

    @Test
    void withoutANetworkTheCommandsSaySo() {
        assertTrue(sh.run("ifconfig").contains("no network"), sh.run("ifconfig"));
    }
}
