package dev.keywarden;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The SHA-256 digest of an API key's secret: the only form in which Keywarden keeps a key.
 *
 * <p>The digest is computed over the secret's UTF-8 bytes. Equality is constant-time
 * ({@link MessageDigest#isEqual}), and {@link #toString()} never prints the digest; use
 * {@link #hex()} where the hexadecimal form is really wanted (configuration files, a database).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KeyDigest {
  private static final int LENGTH = 32;
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(KeyDigest::newSha256);

  private final byte[] bytes;
  private final int hash;

  private KeyDigest(byte[] bytes) {
    this.bytes = bytes;
    this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  /**
   * Computes the digest of a secret.
   *
   * @param secret the plaintext secret; not {@code null}
   * @return its SHA-256 digest
   */
  public static KeyDigest of(String secret) {
    Objects.requireNonNull(secret, "secret");
    MessageDigest sha256 = SHA256.get();
    sha256.reset();
    return new KeyDigest(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Reads a digest from its 64-character hexadecimal form (either case).
   *
   * @param hex the hexadecimal digest; not {@code null}
   * @return the digest
   * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal characters; the
   *     message does not repeat the value
   */
  public static KeyDigest fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != LENGTH * 2) {
      throw new IllegalArgumentException(
          "a SHA-256 digest must be 64 hexadecimal characters (was " + hex.length() + " characters)");
    }
    byte[] bytes = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      int high = Character.digit(hex.charAt(2 * i), 16);
      int low = Character.digit(hex.charAt(2 * i + 1), 16);
      if (high < 0 || low < 0) {
        throw new IllegalArgumentException(
            "a SHA-256 digest must be 64 hexadecimal characters (found a non-hexadecimal character at index "
                + (high < 0 ? 2 * i : 2 * i + 1) + ")");
      }
      bytes[i] = (byte) (high << 4 | low);
    }
    return new KeyDigest(bytes);
  }

  /**
   * Returns the lowercase hexadecimal form, 64 characters.
   *
   * @return the digest in hex
   */
  public String hex() {
    char[] out = new char[LENGTH * 2];
    for (int i = 0; i < LENGTH; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /**
   * Returns a copy of the 32 digest bytes.
   *
   * @return a new array
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Compares in constant time. */
  @Override
  public boolean equals(Object other) {
    return other instanceof KeyDigest that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Returns {@code KeyDigest[<redacted>]}: the digest is never printed. */
  @Override
  public String toString() {
    return "KeyDigest[<redacted>]";
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
