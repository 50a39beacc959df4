package dev.kernite.shell.files;

import static org.junit.jupiter.api.Assertions.*;

import dev.kernite.shell.TestShell;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The file commands over an in-memory tree: output, paths against the working directory, errors as one line. */
class FileCommandsTest {
    private final TestShell sh = new TestShell();

    @Test
    void lsListsByNameAndLongFormatIsAnAlignedTable() {
        sh.files.dir("/etc").file("/etc/motd", "hello\n").file("/etc/a", "").symlink("/etc/link", "motd");
        assertEquals(List.of("a", "link", "motd"), sh.lines("ls /etc"));
        List<String> l = sh.lines("ls -l /etc");
        assertEquals("MODE        LINKS  UID  GID  SIZE  MODIFIED          NAME", l.getFirst());
        assertTrue(l.get(2).startsWith("lrwxrwxrwx      1    0    0     4  2023-11-14 22:13  link -> motd"), l.get(2));
        assertTrue(l.get(3).startsWith("-rw-r--r--      1    0    0     6"), l.get(3));
        assertEquals(List.of(".", "..", "a", "link", "motd"), sh.lines("ls -a /etc"));
        assertEquals(List.of("motd"), sh.lines("ls /etc/motd"));
    }

    @Test
    void badPathsAndOptionsAreOneErrorLineEach() {
        assertEquals(List.of("kernite: ls: /nope: ENOENT (no such file or directory)"), sh.lines("ls /nope"));
        assertEquals(List.of("kernite: ls: unknown option -z (usage: ls [-l] [-a] [PATH...])"), sh.lines("ls -z"));
        assertEquals(List.of("kernite: usage: cat PATH..."), sh.lines("cat"));
        sh.files.dir("/d");
        assertEquals(List.of("kernite: cat: /d: EISDIR (is a directory)"), sh.lines("cat /d"));
    }

    @Test
    void echoRedirectionWritesAndAppendsAndCatReadsBack() {
        sh.run("echo hello world > /notes");
        sh.run("echo second line >> /notes");
        assertEquals("hello world\nsecond line\n", sh.files.text("/notes"));
        assertEquals(List.of("hello world", "second line"), sh.lines("cat /notes"));
        sh.run("echo replaced > /notes");
        assertEquals("replaced\n", sh.files.text("/notes"));
        assertEquals(List.of("kernite: /missing/x: ENOENT (no such file or directory)"), sh.lines("echo a > /missing/x"));
    }

    @Test
    void errorsOfARedirectedCommandStillReachTheTerminal() {
        assertEquals(List.of("kernite: ls: /nope: ENOENT (no such file or directory)"), sh.lines("ls /nope > /out"));
        assertEquals("", sh.files.text("/out"));
    }

    @Test
    void relativePathsStartAtTheWorkingDirectory() {
        sh.files.dir("/home").dir("/home/ann");
        assertEquals(List.of("/"), sh.lines("pwd"));
        assertEquals(List.of(), sh.lines("cd /home/ann"));
        sh.run("echo hi > note");
        assertEquals("hi\n", sh.files.text("/home/ann/note"));
        sh.run("cd ..");
        assertEquals(List.of("/home"), sh.lines("pwd"));
        assertEquals(List.of("hi"), sh.lines("cat ann/note"));
        assertEquals(List.of("kernite: cd: /home/ann/note: ENOTDIR (not a directory)"), sh.lines("cd ann/note"));
        sh.run("cd");
        assertEquals(List.of("/"), sh.lines("pwd"));
    }

    @Test
    void cpCopiesBytesAndModeIntoAFileOrADirectory() {
        sh.files.file("/a", "data").dir("/d");
        sh.files.chmod("/a", 0600);
        sh.run("cp /a /b");
        assertEquals("data", sh.files.text("/b"));
        assertEquals(0600, sh.files.stat("/b").orElseThrow().mode());
        sh.run("cp /a /b /d");
        assertEquals("data", sh.files.text("/d/a"));
        assertEquals("data", sh.files.text("/d/b"));
        assertEquals(List.of("kernite: cp: /a is not a directory (several sources need one)"), sh.lines("cp /b /d /a"));
        assertEquals(List.of("kernite: cp: /d: EISDIR (is a directory)"), sh.lines("cp /d /e"));
    }

    @Test
    void mvRenamesAndMovesIntoDirectories() {
        sh.files.file("/a", "x").dir("/d");
        sh.run("mv /a /b");
        assertFalse(sh.files.exists("/a"));
        sh.run("mv /b /d");
        assertEquals("x", sh.files.text("/d/b"));
    }

    @Test
    void rmRemovesFilesAndTreesOnlyWhenAsked() {
        sh.files.dir("/t").dir("/t/u").file("/t/u/f", "1").file("/t/g", "2");
        assertEquals(List.of("kernite: rm: /t is a directory (rm -r removes it with its contents, rmdir an empty one)"), sh.lines("rm /t"));
        sh.run("rm /t/g");
        assertFalse(sh.files.exists("/t/g"));
        assertEquals(List.of(), sh.lines("rm -r /t"));
        assertFalse(sh.files.exists("/t"));
        assertEquals(List.of(), sh.lines("rm -f /t"));
        assertEquals(List.of("kernite: rm: refusing to remove /"), sh.lines("rm -r /"));
    }

    @Test
    void mkdirWithParentsRmdirAndTouch() {
        sh.run("mkdir -p /a/b/c");
        assertTrue(sh.files.exists("/a/b/c"));
        assertEquals(List.of(), sh.lines("mkdir -p /a/b"));
        assertEquals(List.of("kernite: mkdir: /a: EEXIST (file exists)"), sh.lines("mkdir /a"));
        assertEquals(List.of("kernite: rmdir: /a: ENOTEMPTY (directory not empty)"), sh.lines("rmdir /a"));
        sh.run("rmdir /a/b/c");
        assertFalse(sh.files.exists("/a/b/c"));
        sh.run("touch /a/new");
        assertEquals("", sh.files.text("/a/new"));
    }

    @Test
    void statShowsEverythingKept() {
        sh.files.file("/f", "12345");
        List<String> out = sh.lines("stat /f");
        assertEquals("  File: /f", out.get(0));
        assertTrue(out.get(1).startsWith("  Type: file  Size: 5  Blocks: 2  Inode: "), out.get(1));
        assertEquals("  Mode: 0644 (-rw-r--r--)  Uid: 0  Gid: 0", out.get(2));
        assertEquals("Modify: 2023-11-14T22:13:20Z", out.get(4));
    }

    @Test
    void dfDuMountUmountAndSync() {
        List<String> df = sh.lines("df");
        assertEquals("FILESYSTEM  TYPE  SIZE  USED  AVAIL  USE%  INODES  IFREE  MOUNTED ON", df.get(0));
        assertEquals("blk0        ext2   64M  5.4M    54M    9%   16384  16000  /", df.get(1));
        sh.files.dir("/tmp").dir("/d").file("/d/f", "x".repeat(3000));
        assertEquals(List.of(), sh.lines("mount -t tmpfs none /tmp"));
        assertEquals(List.of("SOURCE  TYPE   MOUNTED ON  MODE", "blk0    ext2   /           rw", "none    tmpfs  /tmp        rw"),
            sh.lines("mount"));
        assertEquals(List.of("kernite: mount: /tmp: ENOTSUP (operation not supported)"), sh.lines("mount -t nfs x /tmp"));
        assertEquals(List.of("kernite: usage: mount | mount [-r] -t TYPE SOURCE DIRECTORY"), sh.lines("mount -t tmpfs /tmp"));
        assertEquals(List.of(), sh.lines("umount /tmp"));
        assertEquals(List.of("3K\t/d"), sh.lines("du -s /d"));
        sh.run("sync");
        assertEquals(1, sh.files.syncs);
    }
}
