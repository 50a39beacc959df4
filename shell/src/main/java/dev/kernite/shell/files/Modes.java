package dev.kernite.shell.files;

import dev.kernite.shell.sys.FileAccess;

/**
 * {@code ls -l}'s mode column: the type letter and the nine permission letters, with setuid/setgid/sticky shown
 * in the execute places ({@code drwxr-xr-x}, {@code -rwsr-x---}, {@code drwxrwxrwt}).
 *
 * <p>Thread safety: stateless.
 */
public final class Modes {
    private Modes() {}

    public static String format(FileAccess.Type type, int mode) {
        char t = switch (type) {
            case FILE -> '-';
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case OTHER -> '?';
        };
        StringBuilder b = new StringBuilder().append(t);
        triple(b, mode >> 6, (mode & 04000) != 0, 's');
        triple(b, mode >> 3, (mode & 02000) != 0, 's');
        triple(b, mode, (mode & 01000) != 0, 't');
        return b.toString();
    }

    private static void triple(StringBuilder b, int bits, boolean special, char letter) {
        b.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-');
        boolean x = (bits & 1) != 0;
        b.append(special ? (x ? letter : Character.toUpperCase(letter)) : x ? 'x' : '-');
    }
}
