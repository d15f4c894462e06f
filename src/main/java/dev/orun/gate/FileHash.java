package dev.orun.gate;

/** A file's SHA-256 and size; {@code cached} when it came from the hash cache without reading the file. */
public record FileHash(String sha256, long bytes, boolean cached) {
}
