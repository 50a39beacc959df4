package dev.kernite.ext2;

import static dev.kernite.ext2.SuperblockLayout.*;

import dev.kernite.abi.fs.FsError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides from a superblock's feature words whether this library may mount it, and how: an incompatible feature it
 * does not know refuses the mount (ENOTSUP), a read-only-compatible one (or a journal, which we would bypass) makes
 * the mount read-only; each with a sentence saying what to do.
 *
 * <p>Thread safety: stateless.
 */
final class Features {
    /** The mount decision: {@code refuse} non-null means no mount. */
    record Verdict(FsError refuse, boolean readOnly, List<String> messages) {}

    private static final int INCOMPAT_SUPPORTED = INCOMPAT_FILETYPE;
    private static final int RO_COMPAT_SUPPORTED = RO_COMPAT_SPARSE_SUPER | RO_COMPAT_LARGE_FILE;
    private static final int COMPAT_SUPPORTED = COMPAT_DIR_PREALLOC | COMPAT_IMAGIC_INODES | COMPAT_EXT_ATTR
        | COMPAT_RESIZE_INODE | COMPAT_DIR_INDEX | 0x800 /* stable_inodes */;

    private static final Map<Integer, String> INCOMPAT = Map.ofEntries(Map.entry(0x1, "compression"),
        Map.entry(0x2, "filetype"), Map.entry(0x4, "needs_recovery"), Map.entry(0x8, "journal_dev"), Map.entry(0x10, "meta_bg"),
        Map.entry(0x40, "extent"), Map.entry(0x80, "64bit"), Map.entry(0x100, "mmp"), Map.entry(0x200, "flex_bg"),
        Map.entry(0x400, "ea_inode"), Map.entry(0x1000, "dirdata"), Map.entry(0x2000, "metadata_csum_seed"),
        Map.entry(0x4000, "large_dir"), Map.entry(0x8000, "inline_data"), Map.entry(0x10000, "encrypt"),
        Map.entry(0x20000, "casefold"));
    private static final Map<Integer, String> RO_COMPAT = Map.ofEntries(Map.entry(0x1, "sparse_super"),
        Map.entry(0x2, "large_file"), Map.entry(0x4, "btree_dir"), Map.entry(0x8, "huge_file"), Map.entry(0x10, "uninit_bg"),
        Map.entry(0x20, "dir_nlink"), Map.entry(0x40, "extra_isize"), Map.entry(0x80, "snapshot"), Map.entry(0x100, "quota"),
        Map.entry(0x200, "bigalloc"), Map.entry(0x400, "metadata_csum"), Map.entry(0x800, "replica"),
        Map.entry(0x1000, "read-only"), Map.entry(0x2000, "project"), Map.entry(0x4000, "shared_blocks"),
        Map.entry(0x8000, "verity"), Map.entry(0x10000, "orphan_present"));
    private static final Map<Integer, String> COMPAT = Map.of(0x4, "has_journal", 0x200, "sparse_super2",
        0x400, "fast_commit", 0x1000, "orphan_file", 0x40, "lazy_bg", 0x80, "exclude_inode", 0x100, "exclude_bitmap");

    private Features() {}

    static Verdict check(byte[] sb) {
        List<String> messages = new ArrayList<>();
        long rev = Bytes.u32(sb, REV_LEVEL);
        if (rev > 1) {
            messages.add("revision " + rev + " is newer than ext2 revision 1; this server cannot mount it");
            return new Verdict(FsError.ENOTSUP, true, messages);
        }
        if (rev == 0) return new Verdict(null, false, messages);
        long incompat = Bytes.u32(sb, FEATURE_INCOMPAT);
        if ((incompat & INCOMPAT_RECOVER) != 0) {
            messages.add("the journal needs recovery; run e2fsck on the image (on Linux) before mounting it here");
            return new Verdict(FsError.ENOTSUP, true, messages);
        }
        long bad = incompat & ~INCOMPAT_SUPPORTED;
        if (bad != 0) {
            messages.add("incompatible feature(s) " + names(bad, INCOMPAT) + " not supported; this server mounts ext2 only"
                + " — make the image with 'mke2fs -t ext2', or use it on Linux");
            return new Verdict(FsError.ENOTSUP, true, messages);
        }
        boolean readOnly = false;
        long roBad = Bytes.u32(sb, FEATURE_RO_COMPAT) & ~RO_COMPAT_SUPPORTED;
        if (roBad != 0) {
            messages.add("feature(s) " + names(roBad, RO_COMPAT) + " cannot be kept up to date here, so the file system is"
                + " mounted read-only; to write, use an image made with 'mke2fs -t ext2'");
            readOnly = true;
        }
        long compatBad = Bytes.u32(sb, FEATURE_COMPAT) & ~COMPAT_SUPPORTED;
        if (compatBad != 0) {
            messages.add("feature(s) " + names(compatBad, COMPAT) + " would be bypassed by writes here (an ext3 journal is"
                + " not replayed or written), so the file system is mounted read-only; to write, remove the journal with"
                + " 'tune2fs -O ^has_journal' or use an ext2 image");
            readOnly = true;
        }
        return new Verdict(null, readOnly, messages);
    }

    private static String names(long bits, Map<Integer, String> table) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            int bit = 1 << i;
            if ((bits & bit) != 0) out.add(table.getOrDefault(bit, String.format("unknown(0x%x)", bit)));
        }
        return String.join(", ", out);
    }
}
