package dev.kernite.kernel.object;

import dev.kernite.abi.CapType;
import dev.kernite.abi.DoorbellLayout;
import dev.kernite.abi.NotificationLayout;
import dev.kernite.abi.Rights;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** A capability's type always matches its object. */
class CapabilityTest {
    private final TestMemory memory = new TestMemory();
    private Map<CapType, KObject> objects;

    @BeforeEach
    void setUp() {
        ProcessObject server = TestMemory.process(1, "server");
        ProcessObject client = TestMemory.process(2, "client");
        EndpointObject endpoint = new EndpointObject(3, "echo", server, memory.allocate("bell", DoorbellLayout.SIZE));
        ChannelObject channel = new ChannelObject(4, endpoint, client, 42, memory.allocate("ch", ChannelObject.sizeFor(128, 1, 1)), 128, 1, 1);
        NotificationObject note = new NotificationObject(5, memory.allocate("note", NotificationLayout.SIZE));
        objects = Map.of(CapType.ENDPOINT, endpoint, CapType.CHANNEL, channel, CapType.NOTIFICATION, note, CapType.PROCESS, server);
    }

    @AfterEach
    void tearDown() {
        memory.close();
    }

    @Test
    void everyTypeObjectPairIsCheckedBothWays() {
        for (CapType type : CapType.values()) {
            for (var e : objects.entrySet()) {
                KObject object = e.getValue();
                if (e.getKey() == type) {
                    Capability c = new Capability(type, object, Rights.GRANT);
                    assertSame(object, c.object());
                    assertEquals(Rights.GRANT, c.rights());
                } else {
                    var ex = assertThrows(IllegalArgumentException.class, () -> new Capability(type, object, Rights.ALL),
                        type + " for " + object);
                    assertTrue(ex.getMessage().contains(type.name()), ex.getMessage());
                }
            }
        }
    }

    @Test
    void nullObjectOrTypeIsRefused() {
        assertThrows(NullPointerException.class, () -> new Capability(CapType.PROCESS, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Capability(null, objects.get(CapType.PROCESS), 0));
    }

    @Test
    void capabilitiesAreValues() {
        KObject p = objects.get(CapType.PROCESS);
        assertEquals(new Capability(CapType.PROCESS, p, Rights.KILL), new Capability(CapType.PROCESS, p, Rights.KILL));
        assertNotEquals(new Capability(CapType.PROCESS, p, Rights.KILL), new Capability(CapType.PROCESS, p, Rights.WATCH));
    }
}
