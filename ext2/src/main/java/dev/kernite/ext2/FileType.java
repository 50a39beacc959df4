package dev.kernite.ext2;

/** The type of an inode. Thread safety: immutable. */
public enum FileType {
    REGULAR, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET
}
