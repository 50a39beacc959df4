package dev.kernite.rs;

import dev.kernite.runtime.rs.Manifest;
import dev.kernite.runtime.rs.RsClient.ServiceInfo;
import dev.kernite.runtime.rs.ServiceDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * rs's service table: every service it knows (the manifest's, in file order, then those added at run time) and
 * every live instance by id. A service stays in the table after it stops, so it can be listed and started again.
 *
 * <p>Thread safety: owned by rs's main thread.
 */
final class ServiceTable {
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<Integer, Instance> live = new HashMap<>();

    Optional<Service> service(String name) {
        return Optional.ofNullable(services.get(name));
    }

    void add(Service s) {
        services.put(s.name(), s);
    }

    Collection<Service> services() {
        return services.values();
    }

    List<ServiceDescriptor> descriptors() {
        return services.values().stream().map(s -> s.descriptor).toList();
    }

    List<ServiceInfo> infos() {
        return services.values().stream().map(Service::info).toList();
    }

    void addLive(Instance i) {
        live.put(i.id, i);
    }

    void removeLive(Instance i) {
        live.remove(i.id);
    }

    /** A live instance by id, or null (it died meanwhile: events about it are stale). */
    Instance live(int id) {
        return live.get(id);
    }

    Collection<Instance> live() {
        return List.copyOf(live.values());
    }

    Optional<Instance> byPid(int pid) {
        return live.values().stream().filter(i -> i.pid == pid).findFirst();
    }

    /** The SEND|GRANT handle of endpoint {@code name} in a live instance that serves it, or 0. */
    int liveEndpoint(String name) {
        for (Instance i : live.values()) {
            int h = i.endpoint(name);
            if (h != 0) return h;
        }
        return 0;
    }

    /** The service (other than {@code except}) whose descriptor serves endpoint {@code name}, if any. */
    Optional<Service> servingEndpoint(String name, String except) {
        return services.values().stream()
            .filter(s -> !s.name().equals(except) && s.descriptor.endpoints().contains(name)).findFirst();
    }

    /** Services with a live process whose descriptors depend on {@code s} (needs it, or is granted its endpoints). */
    List<Service> liveDependents(Service s) {
        List<ServiceDescriptor> all = descriptors();
        List<Service> out = new ArrayList<>();
        for (Service o : services.values()) {
            if (o != s && o.current != null && Manifest.dependencies(o.descriptor, all).contains(s.name())) out.add(o);
        }
        return out;
    }
}
