package dev.kernite.kernel;

import dev.kernite.abi.CapType;
import dev.kernite.abi.Rights;
import dev.kernite.abi.Status;
import dev.kernite.abi.control.ControlCodec;
import dev.kernite.abi.control.KernelEvent;
import dev.kernite.abi.control.KernelRequest;
import dev.kernite.abi.control.KernelRequest.AllocateDataspace;
import dev.kernite.abi.control.KernelRequest.DmaMap;
import dev.kernite.abi.control.KernelRequest.DmaUnmap;
import dev.kernite.abi.control.KernelRequest.GrantDataspace;
import dev.kernite.abi.control.KernelRequest.MapDataspace;
import dev.kernite.abi.control.KernelRequest.OpenDevice;
import dev.kernite.abi.control.KernelRequest.Revoke;
import dev.kernite.abi.control.ReplyBody;
import dev.kernite.kernel.Syscalls.Refused;
import dev.kernite.kernel.Syscalls.Reply;
import dev.kernite.kernel.object.Capability;
import dev.kernite.kernel.object.ChannelObject;
import dev.kernite.kernel.object.DataspaceMemory;
import dev.kernite.kernel.object.DataspaceObject;
import dev.kernite.kernel.object.DeviceObject;
import dev.kernite.kernel.object.DmaMapping;
import dev.kernite.kernel.object.ProcessObject;
import dev.kernite.kernel.object.SharedMemory;
import dev.kernite.sys.SysException;

/**
 * Memory and device operations: dataspaces (allocate against the quota, map, grant a sub-range, revoke) and
 * devices (open, map a dataspace into the IOMMU, unmap). Decode then invoke, as {@link Syscalls}.
 *
 * <p>Thread safety: call only with {@code Kernel.lock} held.
 */
final class MemorySyscalls {
    static final long PAGE = 4096;

    private final Kernel kernel;

    MemorySyscalls(Kernel kernel) { this.kernel = kernel; }

    Reply allocate(ProcessObject caller, AllocateDataspace a) throws Refused {
        long size = (a.bytes() + PAGE - 1) & -PAGE;
        if (!caller.canCharge(size)) throw new Refused(Status.OUT_OF_MEMORY);
        if (!caller.table().hasRoom()) throw new Refused(Status.NO_RESOURCES);
        SharedMemory shm = Syscalls.allocate("kernite-dataspace", size);
        // invoke
        DataspaceObject root = DataspaceObject.root(kernel.nextId(), new DataspaceMemory(kernel.nextId(), shm, caller));
        kernel.addDataspace(root);
        int h = caller.table().insert(new Capability(CapType.DATASPACE, root, root.rights()));
        root.heldBy(caller, h);
        caller.charge(size);
        return Reply.ok(new ReplyBody.Handle(h));
    }

    Reply map(ProcessObject caller, MapDataspace m) throws Refused {
        DataspaceObject view = (DataspaceObject) Syscalls.need(caller, m.dataspace(), CapType.DATASPACE, Rights.READ).object();
        boolean writable = Rights.includes(view.rights(), Rights.WRITE);
        int fd;
        try {
            fd = writable ? view.memory().memory().fd() : view.memory().readOnlyFd();
        } catch (SysException e) {
            System.err.println("kernel: cannot reopen dataspace read-only: " + e.getMessage());
            throw new Refused(Status.HOST_ERROR);
        }
        return Reply.ok(new ReplyBody.Mapped(view.offset(), view.length(), writable), fd);
    }

    Reply grant(ProcessObject caller, GrantDataspace g) throws Refused {
        DataspaceObject view = (DataspaceObject) Syscalls.need(caller, g.dataspace(), CapType.DATASPACE, Rights.GRANT).object();
        if (g.offset() % PAGE != 0 || g.length() % PAGE != 0 || !view.contains(g.offset(), g.length())) {
            throw new Refused(Status.INVALID_ARGUMENT);
        }
        if (!view.canDerive()) throw new Refused(Status.NO_RESOURCES);
        ChannelObject via = (ChannelObject) Syscalls.need(caller, g.via(), CapType.CHANNEL, Rights.USE).object();
        if (!via.isOpen()) throw new Refused(Status.CHANNEL_CLOSED);
        ProcessObject receiver = via.peerOf(caller);
        if (!receiver.isAlive()) throw new Refused(Status.PEER_DIED);
        if (!receiver.table().hasRoom()) throw new Refused(Status.NO_RESOURCES);
        // invoke
        DataspaceObject child = kernel.deriveView(view, g.offset(), g.length(), g.rights());
        int handle = receiver.table().insert(new Capability(CapType.DATASPACE, child, child.rights()));
        child.heldBy(receiver, handle);
        int viaAtReceiver = receiver.table().handlesOf(via).stream().findFirst().orElse(0);
        receiver.post(ControlCodec.encodeEvent(new KernelEvent.CapabilityArrived(viaAtReceiver, handle, CapType.DATASPACE, child.rights())));
        return Reply.ok(new ReplyBody.Handle(handle));
    }

    Reply revoke(ProcessObject caller, Revoke v) throws Refused {
        Capability cap = caller.table().get(v.handle());
        if (cap == null) throw new Refused(Status.INVALID_HANDLE);
        if (!(cap.object() instanceof DataspaceObject view)) throw new Refused(Status.WRONG_TYPE);
        kernel.revokeChildren(view);
        return Reply.of(Status.OK);
    }

    Reply openDevice(ProcessObject caller, OpenDevice o) throws Refused {
        DeviceObject d = (DeviceObject) Syscalls.need(caller, o.device(), CapType.DEVICE, Rights.USE).object();
        if (!caller.table().hasRoom()) throw new Refused(Status.NO_RESOURCES);
        // invoke
        d.irq().acquire();
        int irq = caller.table().insert(new Capability(CapType.NOTIFICATION, d.irq(), Rights.WAIT));
        return Reply.ok(new ReplyBody.DeviceOpened(d.model().deviceId(), d.registerMemory().size(), irq),
            d.registerMemory().fd(), d.irq().memory().fd());
    }

    Reply dmaMap(ProcessObject caller, DmaMap m) throws Refused {
        DeviceObject d = (DeviceObject) Syscalls.need(caller, m.device(), CapType.DEVICE, Rights.USE).object();
        int needed = Rights.READ | (m.writable() ? Rights.WRITE : 0);
        DataspaceObject view = (DataspaceObject) Syscalls.need(caller, m.dataspace(), CapType.DATASPACE, needed).object();
        if (m.iova() % PAGE != 0 || view.length() > KernelRequest.MAX_IOVA + 1 - m.iova()) throw new Refused(Status.INVALID_ARGUMENT);
        if (d.overlaps(m.iova(), view.length())) throw new Refused(Status.ALREADY_EXISTS);
        if (d.isFull()) throw new Refused(Status.NO_RESOURCES);
        // invoke
        d.map(new DmaMapping(m.iova(), view.length(), view, m.writable()));
        return Reply.of(Status.OK);
    }

    Reply dmaUnmap(ProcessObject caller, DmaUnmap u) throws Refused {
        DeviceObject d = (DeviceObject) Syscalls.need(caller, u.device(), CapType.DEVICE, Rights.USE).object();
        if (!d.unmap(u.iova())) throw new Refused(Status.NOT_FOUND);
        return Reply.of(Status.OK);
    }
}
