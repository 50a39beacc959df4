package dev.kernite.shell.commands;

import dev.kernite.abi.Status;

/**
 * Says what an rs or kernel status means to someone at the console (rs's statuses are generic; this names them
 * in service terms).
 *
 * <p>Thread safety: stateless.
 */
final class Explain {
    private Explain() {}

    static String status(Status s) {
        return switch (s) {
            case NOT_FOUND -> "no such service";
            case ALREADY_EXISTS -> "already exists";
            case BAD_STATE -> "not possible in the service's state";
            case ACCESS_DENIED -> "access denied (the shell lacks the capability or privilege)";
            case PEER_DIED, CHANNEL_CLOSED -> "rs is not answering (" + s.description() + ")";
            default -> s.description();
        };
    }
}
