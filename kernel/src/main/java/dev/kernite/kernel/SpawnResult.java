package dev.kernite.kernel;

import dev.kernite.abi.Status;

/** What {@link Kernel#spawn} did: the status, and on success the new process's pid. */
public record SpawnResult(Status status, int pid) {
    public boolean ok() { return status.isOk(); }
}
