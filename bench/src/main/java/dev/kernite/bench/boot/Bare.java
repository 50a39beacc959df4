package dev.kernite.bench.boot;

/** A bare JVM for {@code bench boot}: it starts, says it is up, and exits. */
public final class Bare {
    private Bare() {}

    public static void main(String[] args) {
        System.out.println("up");
    }
}
