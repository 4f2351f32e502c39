package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyDigestTest {
  // SHA-256("test"), the value in SPEC §8's example.
  private static final String TEST_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void of_knownSecret_matchesSha256OfUtf8() {
    assertThat(KeyDigest.of("test").hex()).isEqualTo(TEST_SHA256);
    // UTF-8, not the platform charset: "é" is two bytes.
    assertThat(KeyDigest.of("\u00e9").hex()).isEqualTo(sha256Hex(new byte[] {(byte) 0xc3, (byte) 0xa9}));
  }

  @Test
  void of_everyLengthAndCharacterMix_matchesTheJdkDigestOfUtf8() {
    // The ASCII fast path (scratch buffer, reused per thread) and the UTF-8 path must both agree
    // with the JDK's SHA-256 of the UTF-8 bytes, including across calls of different lengths
    // on one thread (a stale byte in the buffer would show) and past the 512-char scratch size.
    java.util.Random random = new java.util.Random(17);
    for (int length : new int[] {1, 2, 31, 64, 511, 512, 513, 1000, 3, 40}) {
      StringBuilder ascii = new StringBuilder();
      for (int i = 0; i < length; i++) {
        ascii.append((char) (0x21 + random.nextInt(0x5e)));
      }
      String secret = ascii.toString();
      assertThat(KeyDigest.of(secret).hex())
          .isEqualTo(sha256Hex(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      String mixed = secret.substring(0, length / 2) + "\u00e9\u20ac" + secret.substring(length / 2);
      assertThat(KeyDigest.of(mixed).hex())
          .isEqualTo(sha256Hex(mixed.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
  }

  @Test
  void bytesHexAndEquality_agreeWithEachOther() {
    KeyDigest digest = KeyDigest.fromHex(TEST_SHA256);
    byte[] bytes = digest.bytes();
    StringBuilder hex = new StringBuilder();
    for (byte b : bytes) {
      hex.append(String.format("%02x", b));
    }
    assertThat(hex).hasToString(TEST_SHA256);
    assertThat(digest).isEqualTo(KeyDigest.of("test")).hasSameHashCodeAs(KeyDigest.of("test"));
    // A digest differing in its last byte only is a different digest.
    KeyDigest lastByte = KeyDigest.fromHex(TEST_SHA256.substring(0, 62) + "09");
    assertThat(lastByte).isNotEqualTo(digest);
    bytes[0] ^= 1;
    assertThat(digest.bytes()[0]).isNotEqualTo(bytes[0]);
  }

  @Test
  void fromHex_eitherCase_roundTripsAndEquals() {
    KeyDigest lower = KeyDigest.fromHex(TEST_SHA256);
    KeyDigest upper = KeyDigest.fromHex(TEST_SHA256.toUpperCase());
    assertThat(lower).isEqualTo(upper).isEqualTo(KeyDigest.of("test"));
    assertThat(lower.hashCode()).isEqualTo(upper.hashCode());
    assertThat(upper.hex()).isEqualTo(TEST_SHA256);
    assertThat(lower).isNotEqualTo(KeyDigest.of("test2"));
  }

  @Test
  void fromHex_wrongLength_isRefusedWithoutEchoingTheValue() {
    assertThatThrownBy(() -> KeyDigest.fromHex("abc123"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a SHA-256 digest must be 64 hexadecimal characters (was 6 characters)");
  }

  @Test
  void fromHex_nonHexCharacter_namesItsIndex() {
    String bad = TEST_SHA256.substring(0, 10) + "z" + TEST_SHA256.substring(11);
    assertThatThrownBy(() -> KeyDigest.fromHex(bad))
        .hasMessage("a SHA-256 digest must be 64 hexadecimal characters (found a non-hexadecimal character at index 10)")
        .hasMessageNotContaining(bad);
  }

  @Test
  void fromHex_nonAsciiDigit_isNotHexadecimal() {
    // Character.digit would read the Arabic-Indic digit three as 3: only ASCII hex is a digest.
    String bad = TEST_SHA256.substring(0, 5) + "\u0663" + TEST_SHA256.substring(6);
    assertThatThrownBy(() -> KeyDigest.fromHex(bad))
        .hasMessage("a SHA-256 digest must be 64 hexadecimal characters"
            + " (found a non-hexadecimal character at index 5)");
  }

  @Test
  void toString_neverPrintsTheDigest() {
    assertThat(KeyDigest.of("test").toString()).isEqualTo("KeyDigest[<redacted>]").doesNotContain("9f86");
  }

  @Test
  void bytes_returnsACopy() {
    KeyDigest digest = KeyDigest.of("test");
    digest.bytes()[0] = 0;
    assertThat(digest.hex()).isEqualTo(TEST_SHA256);
  }

  static String sha256Hex(byte[] input) {
    try {
      byte[] out = java.security.MessageDigest.getInstance("SHA-256").digest(input);
      StringBuilder hex = new StringBuilder();
      for (byte b : out) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
