package dev.kernite.ext2;

import static dev.kernite.ext2.SuperblockLayout.*;

import dev.kernite.abi.fs.FsError;
import dev.kernite.abi.fs.FsResult;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Probing and mounting: reads and checks the superblock (magic, features, geometry) and every group descriptor
 * before anything else touches the disk, decides read-only or read-write, and marks a writable file system
 * "not clean" on disk until its clean unmount.
 *
 * <p>Thread safety: stateless.
 */
final class Mounter {
    record Mounted(Volume volume, boolean readOnly, List<String> warnings) {}

    private static final int PROBE_BYTES = 64 << 10;

    private Mounter() {}

    static Probe probe(BlockStore store) throws IOException {
        int n = (int) Math.min(PROBE_BYTES, store.size());
        byte[] head = new byte[n];
        store.read(0, MemorySegment.ofArray(head));
        if (n >= OFFSET + SIZE && Bytes.u16(head, OFFSET + MAGIC) == MAGIC_VALUE) return Probe.EXT2;
        return n == PROBE_BYTES && Bytes.allZero(head, 0, n) ? Probe.BLANK : Probe.OTHER;
    }

    static FsResult<Mounted> mount(BlockStore store, MountOptions options, Consumer<String> refusal, long cacheBytes) {
        try {
            return doMount(store, options, refusal, cacheBytes);
        } catch (IOException e) {
            refusal.accept("the store failed: " + e.getMessage());
            return FsResult.error(FsError.EIO);
        } catch (Ext2Exception e) {
            refusal.accept(e.getMessage());
            return FsResult.error(e.error());
        }
    }

    private static FsResult<Mounted> doMount(BlockStore store, MountOptions options, Consumer<String> refusal, long cacheBytes)
            throws IOException {
        if (store.size() < OFFSET + SIZE) return refuse(refusal, FsError.EINVAL, "the device is too small to hold an ext2 file system");
        byte[] sb = new byte[SIZE];
        store.read(OFFSET, MemorySegment.ofArray(sb));
        if (Bytes.u16(sb, MAGIC) != MAGIC_VALUE) return refuse(refusal, FsError.EINVAL, "no ext2 file system here (bad superblock magic)");
        Features.Verdict verdict = Features.check(sb);
        if (verdict.refuse() != null) {
            verdict.messages().forEach(refusal);
            return FsResult.error(verdict.refuse());
        }
        Geometry geo = Geometry.of(sb);
        String problem = geo.problem(store.size());
        if (problem != null) {
            FsError e = geo.blockSize() > 4096 ? FsError.ENOTSUP : FsError.EUCLEAN;
            return refuse(refusal, e, "corrupt or unusable superblock: " + problem + "; run e2fsck");
        }
        byte[] gdt = new byte[(int) (geo.gdtBlocks() * geo.blockSize())];
        store.read((geo.firstDataBlock() + 1) * geo.blockSize(), MemorySegment.ofArray(gdt));
        String bad = checkDescriptors(geo, gdt);
        if (bad != null) return refuse(refusal, FsError.EUCLEAN, "corrupt group descriptor: " + bad + "; run e2fsck");

        List<String> warnings = new ArrayList<>(verdict.messages());
        int state = Bytes.u16(sb, STATE);
        boolean errors = (state & STATE_ERROR) != 0;
        if ((state & STATE_VALID) == 0) warnings.add("the file system was not cleanly unmounted; run e2fsck");
        if (errors) warnings.add("the file system has errors recorded, so it is mounted read-only; run e2fsck");
        boolean readOnly = options.readOnly() || store.readOnly() || verdict.readOnly() || errors;
        Volume vol = new Volume(store, geo, sb, gdt, (int) Math.clamp(cacheBytes / geo.blockSize(), 16, Integer.MAX_VALUE));
        Inode root = vol.readInode(Namespace.ROOT);
        if (!root.isDir()) return refuse(refusal, FsError.EUCLEAN, "the root inode is not a directory; run e2fsck");
        if (!readOnly) {
            vol.setState(state & ~STATE_VALID);
            Bytes.put16(sb, MNT_COUNT, Bytes.u16(sb, MNT_COUNT) + 1);
            vol.setSuperField(MTIME, vol.now());
            vol.sync();
        }
        return FsResult.ok(new Mounted(vol, readOnly, warnings));
    }

    /** Why a descriptor cannot be right, or null: every bitmap and inode table inside the file system. */
    private static String checkDescriptors(Geometry geo, byte[] gdt) {
        long last = geo.blocksCount();
        for (int g = 0; g < geo.groups(); g++) {
            int off = g * GroupDescriptorLayout.SIZE;
            long bb = Bytes.u32(gdt, off + GroupDescriptorLayout.BLOCK_BITMAP);
            long ib = Bytes.u32(gdt, off + GroupDescriptorLayout.INODE_BITMAP);
            long it = Bytes.u32(gdt, off + GroupDescriptorLayout.INODE_TABLE);
            if (bb <= geo.firstDataBlock() || bb >= last || ib <= geo.firstDataBlock() || ib >= last
                || it <= geo.firstDataBlock() || it + geo.inodeTableBlocks() > last) {
                return "group " + g + "'s bitmaps or inode table lie outside the file system";
            }
            if (Bytes.u16(gdt, off + GroupDescriptorLayout.FREE_BLOCKS_COUNT) > geo.blocksInGroup(g)
                || Bytes.u16(gdt, off + GroupDescriptorLayout.FREE_INODES_COUNT) > geo.inodesPerGroup()) {
                return "group " + g + "'s free counts exceed its size";
            }
        }
        return null;
    }

    static String label(byte[] sb) {
        int n = 0;
        while (n < 16 && sb[VOLUME_NAME + n] != 0) n++;
        return new String(sb, VOLUME_NAME, n, StandardCharsets.UTF_8);
    }

    private static <T> FsResult<T> refuse(Consumer<String> refusal, FsError error, String message) {
        refusal.accept(message);
        return FsResult.error(error);
    }
}
