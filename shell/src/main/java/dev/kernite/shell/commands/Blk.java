package dev.kernite.shell.commands;

import dev.kernite.abi.Status;
import dev.kernite.runtime.Result;
import dev.kernite.runtime.blk.BlockProtocol;
import dev.kernite.shell.Command;
import dev.kernite.shell.Context;
import dev.kernite.shell.Outcome;
import dev.kernite.shell.sys.SystemInspector.BlockDevice;
import dev.kernite.shell.text.Format;
import dev.kernite.shell.text.Table;
import java.util.List;

/**
 * {@code blk}: the block devices, as their drivers report them — size, requests served and bytes moved since the
 * driver started, errors, and how often it reset the device (once per driver start, plus recoveries).
 *
 * <pre>
 *   DEVICE  DRIVER  SIZE  MODE  READS  WRITES  FLUSHES  READ  WRITTEN  ERRORS  RESETS
 *   blk0    blk      64M  rw       12      30        2   48K     120K       0       1
 * </pre>
 *
 * <p>Thread safety: stateless.
 */
public final class Blk implements Command {
    @Override public String name() { return "blk"; }

    @Override public String usage() { return "blk"; }

    @Override public String summary() { return "block devices: size and request counts from their drivers"; }

    @Override
    public Outcome run(List<String> args, Context ctx) {
        if (!args.isEmpty()) return ctx.usage(this);
        Result<List<BlockDevice>> devices = ctx.system().blockDevices();
        if (!devices.ok()) {
            ctx.error("blk: " + (devices.status() == Status.NOT_FOUND
                ? "no block driver is running (names has no 'blk'; see svc list)" : "block driver: " + Explain.status(devices.status())));
            return Outcome.CONTINUE;
        }
        table(devices.value()).print(ctx.out());
        return Outcome.CONTINUE;
    }

    static Table table(List<BlockDevice> devices) {
        Table t = new Table(Table.left("DEVICE"), Table.left("DRIVER"), Table.right("SIZE"), Table.left("MODE"), Table.right("READS"),
            Table.right("WRITES"), Table.right("FLUSHES"), Table.right("READ"), Table.right("WRITTEN"), Table.right("ERRORS"),
            Table.right("RESETS"));
        for (BlockDevice d : devices) {
            BlockProtocol.Stats s = d.stats();
            t.row(d.disk().name(), d.driver(), Format.bytes(d.disk().bytes()), d.disk().readOnly() ? "ro" : "rw", s.reads(), s.writes(),
                s.flushes(), Format.bytes(s.bytesRead()), Format.bytes(s.bytesWritten()), s.errors(), s.resets());
        }
        return t;
    }
}
