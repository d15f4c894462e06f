package dev.orun.text;

import java.util.Comparator;

/**
 * Orders strings longer first, so that a value is replaced before any value it contains. A class, not a lambda:
 * the first lambda of a process starts java.lang.invoke (~13 ms of a short command, interpreted), and the everyday
 * writes run none (docs/performance.md).
 */
public final class LongerFirst implements Comparator<String> {
    public static final LongerFirst INSTANCE = new LongerFirst();

    private LongerFirst() {
    }

    @Override
    public int compare(String a, String b) {
        return Integer.compare(b.length(), a.length());
    }
}
