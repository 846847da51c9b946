package dev.duet;

/** Duet's version, recorded in every artifact it writes. */
public final class Version {

    public static final String VALUE = "0.1.0";

    private Version() {
    }
}
