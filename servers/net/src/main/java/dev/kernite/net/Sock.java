package dev.kernite.net;

/**
 * A socket as the server knows it: the handle its owner uses ({@code id}, tagged per server instance), the
 * engine's handle, the owning process and the kind.
 *
 * <p>Thread safety: immutable.
 */
record Sock(int id, int engine, int pid, boolean udp) {}
