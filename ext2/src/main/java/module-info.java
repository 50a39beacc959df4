/**
 * The ext2 file-system library: ext2 revision 1 on any {@link dev.kernite.ext2.BlockStore} — mkfs, mount, the
 * POSIX-like operations a file server needs, a write-back block cache. It knows nothing of IPC; the file server
 * hosts it over the block driver.
 */
module kernite.ext2 {
    requires kernite.abi;
    exports dev.kernite.ext2;
}
