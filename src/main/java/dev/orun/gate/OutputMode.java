package dev.orun.gate;

/**
 * How a contract lists its outputs: {@code all_of}, {@code any_of}, both together ({@code BOTH}: each all_of entry
 * required and at least one any_of entry), or a plain list (all required).
 */
public enum OutputMode {
    ALL_OF, ANY_OF, BOTH, LIST
}
