package dev.keywarden.expression;

/**
 * Hard limits applied when an expression is parsed, so a hostile or broken configuration
 * cannot exhaust memory or the stack.
 *
 * @param maxLength the longest expression accepted, in characters (default 4,096)
 * @param maxDepth the deepest nesting accepted; each parenthesis and each {@code !} is one level
 *     (default 64)
 */
public record ExpressionLimits(int maxLength, int maxDepth) {
  /** The highest {@code maxLength} that may be configured. */
  public static final int MAX_LENGTH_CAP = 1_000_000;
  /**
   * The highest {@code maxDepth} that may be configured. The parser spends about five stack frames
   * per level; 1,000 levels overflowed a 1 MiB thread stack under coverage instrumentation and a
   * 512 KiB one in the interpreter, 256 levels parse in 512 KiB interpreted.
   */
  public static final int MAX_DEPTH_CAP = 256;

  /** The defaults: 4,096 characters, 64 levels. */
  public static final ExpressionLimits DEFAULT = new ExpressionLimits(4_096, 64);

  /**
   * Creates limits.
   *
   * @param maxLength 1 to {@value #MAX_LENGTH_CAP}
   * @param maxDepth 1 to {@value #MAX_DEPTH_CAP}
   * @throws IllegalArgumentException if a value is out of range
   */
  public ExpressionLimits {
    if (maxLength < 1 || maxLength > MAX_LENGTH_CAP) {
      throw new IllegalArgumentException(
          "max length must be between 1 and " + MAX_LENGTH_CAP + " (was " + maxLength + ")");
    }
    if (maxDepth < 1 || maxDepth > MAX_DEPTH_CAP) {
      throw new IllegalArgumentException(
          "max depth must be between 1 and " + MAX_DEPTH_CAP + " (was " + maxDepth + ")");
    }
  }
}
