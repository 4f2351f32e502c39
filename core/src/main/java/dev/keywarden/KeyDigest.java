package dev.keywarden;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 digest of an API key's secret: the only form in which Keywarden keeps a key.
 *
 * <p>The digest is computed over the secret's UTF-8 bytes. Equality is constant-time
 * (every word compared, whatever differs first), and {@link #toString()} never prints the digest; use
 * {@link #hex()} where the hexadecimal form is really wanted (configuration files, a database).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class KeyDigest {
  private static final int LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();
  /** Secrets up to this many characters are hashed without allocating (the spec's maximum). */
  private static final int SCRATCH = 512;
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(KeyDigest::newSha256);
  /** The secret's bytes at [0, SCRATCH), the digest at [SCRATCH, SCRATCH + LENGTH). */
  private static final ThreadLocal<byte[]> SCRATCH_BUFFER = ThreadLocal.withInitial(() -> new byte[SCRATCH + LENGTH]);

  // The 32 bytes as four big-endian longs: one object per digest instead of an object and an
  // array, and equality without a loop over bytes.
  private final long w0;
  private final long w1;
  private final long w2;
  private final long w3;

  private KeyDigest(long w0, long w1, long w2, long w3) {
    this.w0 = w0;
    this.w1 = w1;
    this.w2 = w2;
    this.w3 = w3;
  }

  private static KeyDigest ofBytes(byte[] bytes) {
    return ofBytes(bytes, 0);
  }

  private static KeyDigest ofBytes(byte[] bytes, int at) {
    return new KeyDigest(word(bytes, at), word(bytes, at + 8), word(bytes, at + 16), word(bytes, at + 24));
  }

  private static long word(byte[] bytes, int offset) {
    long word = 0;
    for (int i = offset; i < offset + 8; i++) {
      word = word << 8 | (bytes[i] & 0xff);
    }
    return word;
  }

  private long wordAt(int index) {
    return switch (index) {
      case 0 -> w0;
      case 1 -> w1;
      case 2 -> w2;
      default -> w3;
    };
  }

  private byte byteAt(int index) {
    return (byte) (wordAt(index >>> 3) >>> (56 - 8 * (index & 7)));
  }

  /**
   * {@return the SHA-256 digest of a secret's UTF-8 bytes}
   *
   * @param secret the plaintext secret; not {@code null}
   */
  public static KeyDigest of(String secret) {
    Objects.requireNonNull(secret, "secret");
    return hash(secret);
  }

  /**
   * Reads a digest from its 64-character hexadecimal form (either case).
   *
   * @param hex the hexadecimal digest; not {@code null}
   * @throws IllegalArgumentException if {@code hex} is not 64 hexadecimal characters; the
   *     message does not repeat the value
   */
  public static KeyDigest fromHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != LENGTH * 2) {
      throw new IllegalArgumentException(
          "a SHA-256 digest must be 64 hexadecimal characters (was " + hex.length() + " characters)");
    }
    for (int i = 0; i < hex.length(); i++) {
      if (!HexFormat.isHexDigit(hex.charAt(i))) {
        throw new IllegalArgumentException(
            "a SHA-256 digest must be 64 hexadecimal characters (found a non-hexadecimal character at index "
                + i + ")");
      }
    }
    return ofBytes(HEX.parseHex(hex));
  }

  /** {@return the lowercase hexadecimal form, 64 characters} */
  public String hex() {
    return HEX.formatHex(bytes());
  }

  /** {@return a new array holding the 32 digest bytes} */
  public byte[] bytes() {
    byte[] bytes = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      bytes[i] = byteAt(i);
    }
    return bytes;
  }

  /** Compares in constant time: every word is compared, whatever differs first. */
  @Override
  public boolean equals(Object other) {
    return other instanceof KeyDigest that
        && ((w0 ^ that.w0) | (w1 ^ that.w1) | (w2 ^ that.w2) | (w3 ^ that.w3)) == 0;
  }

  /** The first four bytes: a SHA-256 output is uniform, so any four bytes spread well. */
  @Override
  public int hashCode() {
    return (int) (w0 >>> 32);
  }

  /** {@return {@code KeyDigest[<redacted>]}} The digest is never printed. */
  @Override
  public String toString() {
    return "KeyDigest[<redacted>]";
  }

  /**
   * Hashes a secret of printable ASCII (every generated key) without allocating anything but
   * the digest: the chars are copied into this thread's scratch buffer, which is zeroed
   * afterwards so that no plaintext outlives the call there. Other secrets take the UTF-8
   * encoder. The thread-local values are JDK types only (no class of ours pinned to a
   * container's threads after an undeploy).
   */
  private static KeyDigest hash(String secret) {
    MessageDigest sha256 = SHA256.get();
    sha256.reset();
    int length = secret.length();
    byte[] scratch = SCRATCH_BUFFER.get();
    if (length > SCRATCH || !copyAscii(secret, length, scratch)) {
      return ofBytes(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      sha256.update(scratch, 0, length);
      sha256.digest(scratch, SCRATCH, LENGTH);
      return ofBytes(scratch, SCRATCH);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 output buffer too small", e);
    } finally {
      Arrays.fill(scratch, 0, length, (byte) 0);
    }
  }

  /** Copies an all-ASCII secret (whose UTF-8 form is its chars) into the scratch buffer. */
  private static boolean copyAscii(String secret, int length, byte[] scratch) {
    for (int i = 0; i < length; i++) {
      char c = secret.charAt(i);
      if (c >= 0x80) {
        Arrays.fill(scratch, 0, i, (byte) 0);
        return false;
      }
      scratch[i] = (byte) c;
    }
    return true;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
