package dev.kernite.runtime.rs;

/**
 * A manifest (or one {@code [section]} of one) that cannot be used: the message names the file, the line and the
 * problem, as {@code etc/boot.manifest:12: [echo] unknown key 'hartbeat'}.
 *
 * <p>Thread safety: immutable.
 */
public final class ManifestException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String origin;
    private final String problem;

    /** {@code origin} is {@code FILE:LINE} (or just {@code FILE} for a problem of the whole file). */
    public ManifestException(String origin, String problem) {
        super(origin + ": " + problem);
        this.origin = origin;
        this.problem = problem;
    }

    /** Where: {@code FILE:LINE}. */
    public String origin() { return origin; }

    /** What, without the place. */
    public String problem() { return problem; }
}
