package dev.kernite.abi.fs;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** File-system error codes cross process boundaries and are Linux's errno numbers: pinned here. */
class FsErrorTest {
    @Test
    void codesAreLinuxErrnoNumbers() {
        int[][] pinned = {
            {FsError.EPERM.code(), 1}, {FsError.ENOENT.code(), 2}, {FsError.EIO.code(), 5}, {FsError.EBADF.code(), 9},
            {FsError.ENOMEM.code(), 12}, {FsError.EACCES.code(), 13}, {FsError.EBUSY.code(), 16}, {FsError.EEXIST.code(), 17},
            {FsError.EXDEV.code(), 18}, {FsError.ENOTDIR.code(), 20}, {FsError.EISDIR.code(), 21}, {FsError.EINVAL.code(), 22},
            {FsError.EMFILE.code(), 24}, {FsError.EFBIG.code(), 27}, {FsError.ENOSPC.code(), 28}, {FsError.ESPIPE.code(), 29},
            {FsError.EROFS.code(), 30}, {FsError.EMLINK.code(), 31}, {FsError.ENAMETOOLONG.code(), 36},
            {FsError.ENOTEMPTY.code(), 39}, {FsError.ELOOP.code(), 40}, {FsError.ENOTSUP.code(), 95}, {FsError.ESTALE.code(), 116},
            {FsError.EUCLEAN.code(), 117}, {FsError.ECANCELED.code(), 125}};
        assertEquals(FsError.values().length, pinned.length, "every constant is pinned here");
        for (int[] p : pinned) assertEquals(p[1], p[0]);
    }

    @Test
    void fromCodeInvertsCodeAndRejectsGarbage() {
        Set<Integer> seen = new HashSet<>();
        for (FsError e : FsError.values()) {
            assertTrue(seen.add(e.code()), "unique");
            assertSame(e, FsError.fromCode(e.code()));
        }
        for (int garbage : new int[] {0, -1, 3, 1000, Integer.MIN_VALUE}) assertNull(FsError.fromCode(garbage));
    }

    @Test
    void resultsCarryAValueOrAnError() {
        FsResult<Integer> ok = FsResult.ok(7);
        assertTrue(ok.ok());
        assertEquals(8, ok.map(v -> v + 1).orElseThrow());
        FsResult<Integer> bad = FsResult.error(FsError.ENOENT);
        assertFalse(bad.ok());
        assertSame(FsError.ENOENT, bad.map(v -> v + 1).error());
        assertSame(FsError.ENOENT, bad.then(v -> FsResult.ok("x")).error());
        assertThrows(java.util.NoSuchElementException.class, bad::orElseThrow);
        assertThrows(IllegalStateException.class, ok::cast);
        assertTrue(FsResult.done().ok());
    }
}
