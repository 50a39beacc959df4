package dev.kernite.kernel.device;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Faults the machine adds on its network link, in both directions, as Linux's netem does on a host that has it:
 * a share of frames lost, a share held back and delivered after the frame that follows (reordered). For tests of
 * the stacks' recovery ({@code ./kernite --net-impair loss=5%,reorder=25%}); seeded, so a run can be repeated.
 *
 * @param lossPercent    frames dropped, 0–50
 * @param reorderPercent frames delivered after their successor, 0–50
 * @param seed           the random sequence
 */
public record LinkImpairment(double lossPercent, double reorderPercent, long seed) {
    private static final Pattern SPEC = Pattern.compile("loss=(\\d+(?:\\.\\d+)?)%(?:,reorder=(\\d+(?:\\.\\d+)?)%)?(?:,seed=(\\d+))?");

    public static final LinkImpairment NONE = new LinkImpairment(0, 0, 0);

    public LinkImpairment {
        if (lossPercent < 0 || lossPercent > 50 || reorderPercent < 0 || reorderPercent > 50) {
            throw new IllegalArgumentException("loss and reorder are 0% to 50%");
        }
    }

    /** {@code loss=P%[,reorder=P%][,seed=N]}. */
    public static LinkImpairment parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) throw new IllegalArgumentException("bad --net-impair '" + spec + "' (write e.g. loss=5%,reorder=25%,seed=7)");
        return new LinkImpairment(Double.parseDouble(m.group(1)), m.group(2) == null ? 0 : Double.parseDouble(m.group(2)),
            m.group(3) == null ? 1 : Long.parseLong(m.group(3)));
    }

    public boolean any() { return lossPercent > 0 || reorderPercent > 0; }
}
