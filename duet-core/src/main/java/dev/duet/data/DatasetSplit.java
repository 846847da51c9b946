package dev.duet.data;

import java.util.Locale;

/** Which part of a data set to evaluate; {@link #cliName()} is the spelling of files and options. */
public enum DatasetSplit {
    VAL, TEST;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
