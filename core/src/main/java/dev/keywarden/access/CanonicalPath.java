package dev.keywarden.access;

/**
 * The one form of request path that is matched against rules: it starts with {@code /} and has
 * no empty, {@code .} or {@code ..} segment and no {@code ;} (a trailing slash is fine).
 *
 * <p>Any other path is refused, never normalised: a guess at what the application's dispatcher
 * will make of {@code /a/..;/b} is how rules get bypassed. The {@link AccessGuard} refuses such
 * paths before matching, and the {@link RouteTable} matches no rule for them.
 */
final class CanonicalPath {
  private CanonicalPath() {}

  static boolean isCanonical(String path) {
    int length = path.length();
    if (length == 0 || path.charAt(0) != '/') {
      return false;
    }
    int segmentStart = 1;
    for (int i = 1; i <= length; i++) {
      if (i < length) {
        char c = path.charAt(i);
        if (c == ';') {
          return false;
        }
        if (c != '/') {
          continue;
        }
      }
      int segmentLength = i - segmentStart;
      if (segmentLength == 0 && i < length) {
        return false; // "//"; an empty segment at the very end is the root or a trailing slash
      }
      if (segmentLength == 1 && path.charAt(segmentStart) == '.'
          || segmentLength == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.') {
        return false;
      }
      segmentStart = i + 1;
    }
    return true;
  }
}
