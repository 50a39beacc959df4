/**
 * The file server: the VFS (mount table, path resolution, open files per client) over ext2 on the block driver
 * and tmpfs, serving {@link dev.kernite.runtime.fs.FsProtocol} on the endpoint {@code fs}. rs restarts it like
 * any other service; clients reopen their files and carry on.
 */
module kernite.fs {
    requires kernite.runtime;
    requires kernite.ext2;
}
