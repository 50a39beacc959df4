package dev.kernite.ext2;

import static dev.kernite.ext2.TestFs.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kernite.abi.fs.FsError;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our mkfs: e2fsck finds nothing to fix, for every block size; probe tells blank from ext2. */
class FormatTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1024, 2048, 4096})
    void freshFileSystemIsCleanForE2fsck(int blockSize) throws Exception {
        Path img = E2fsprogs.image(dir, "fs.img", 48L << 20);
        try (var s = FileBlockStore.open(img, false)) {
            assertEquals(Probe.BLANK, Ext2FileSystem.probe(s));
            ok(Ext2FileSystem.format(s, new FormatOptions(blockSize, 256, 8192, "label", UUID.randomUUID())));
            assertEquals(Probe.EXT2, Ext2FileSystem.probe(s));
        }
        E2fsprogs.assertClean(img);
        try (var m = TestFs.mount(img)) {
            StatFs st = ok(m.fs().statfs());
            assertEquals(blockSize, st.blockSize());
            assertEquals("label", st.label());
            assertTrue(m.fs().warnings().isEmpty(), m.fs().warnings().toString());
            List<DirEntry> root = ok(m.fs().readdir(Ext2FileSystem.ROOT, 0, 100)).entries();
            assertEquals(List.of(".", "..", "lost+found"), root.stream().map(DirEntry::name).toList());
        }
        E2fsprogs.assertClean(img);
    }

    @Test
    void oddSizesAndOptions() throws Exception {
        Path img = E2fsprogs.image(dir, "odd.img", (8L << 20) + 3 * 512);
        try (var s = FileBlockStore.open(img, false)) {
            ok(Ext2FileSystem.format(s, FormatOptions.defaults(s.size())));
            assertEquals(FsError.EINVAL, Ext2FileSystem.format(s, new FormatOptions(512, 256, 8192, "", UUID.randomUUID())).error());
            assertEquals(FsError.EINVAL, Ext2FileSystem.format(s, new FormatOptions(1024, 256, 8192, "a label far too long", UUID.randomUUID())).error());
        }
        E2fsprogs.assertClean(img);
        Path tiny = E2fsprogs.image(dir, "tiny.img", 16 << 10);
        try (var s = FileBlockStore.open(tiny, false)) {
            assertFalse(Ext2FileSystem.format(s, FormatOptions.defaults(s.size())).ok());
        }
    }
}
