package dev.orun.gate;

/** How a contract lists its outputs: {@code all_of}, {@code any_of}, or a plain list (all required). */
public enum OutputMode {
    ALL_OF, ANY_OF, LIST
}
