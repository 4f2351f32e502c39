package dev.keywarden;

import dev.keywarden.internal.ProblemText;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The rules an {@link ApiKey}'s values must follow, each as a method that returns what is wrong
 * with a value (never repeating a secret) or {@code null}. {@link ApiKey.Builder} collects them
 * so that configuration data reports every problem at once.
 */
final class ApiKeyRules {
  private static final Pattern CLIENT_TYPE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // An id names a key in URLs (the admin's api/keys/{id}): it never starts with '.', so it is
  // never a "." or ".." path segment that firewalls refuse and browsers normalise away, and
  // never with ':' or '-' either.
  private static final Pattern ID_CHARACTERS = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.:-]{0,63}");

  private ApiKeyRules() {}

  static String secretProblem(String secret) {
    if (secret.isEmpty()) {
      return "secret must not be empty";
    }
    if (secret.length() > ApiKey.MAX_SECRET_LENGTH) {
      return "secret is " + secret.length() + " characters long; at most " + ApiKey.MAX_SECRET_LENGTH
          + " are allowed";
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c > ' ' && c < 0x7f) {
        continue; // printable ASCII, the common case: no table lookups
      }
      if (Character.isISOControl(c)) {
        return "secret must not contain control characters (found one at index " + i + ")";
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "secret must not contain whitespace (found some at index " + i + ")";
      }
    }
    return null;
  }

  /**
   * What is wrong with the source of the digest: the problem the secret or its hexadecimal form
   * had when set, a missing one, or a secret of a generated form whose checksum does not match.
   *
   * @param digest the digest, or {@code null} when none was set or it was invalid
   * @param sourceProblem the problem found when the secret or its digest was set, or {@code null}
   * @param badChecksumPrefix the prefix of the generated form a secret has without a matching
   *     checksum, or {@code null}
   * @param generators the generators whose forms are checked
   */
  static String digestProblem(KeyDigest digest, String sourceProblem, String badChecksumPrefix,
      List<ApiKeyGenerator> generators) {
    if (sourceProblem != null) {
      return sourceProblem;
    }
    if (digest == null) {
      return "a secret (or its secretSha256) is required";
    }
    if (badChecksumPrefix == null || generators.stream().noneMatch(g -> g.prefix().equals(badChecksumPrefix))) {
      return null;
    }
    return "secret has the form of a generated key (" + badChecksumPrefix + "_ and "
        + (ApiKeyGenerator.RANDOM_LENGTH + ApiKeyGenerator.CHECKSUM_LENGTH)
        + " base62 characters) but its checksum does not match, so every request with it would be"
        + " refused: use a key from ApiKeyGenerator (generate-key) or a secret of another form";
  }

  /**
   * The prefix of the generated form a well-formed secret has while its checksum does not
   * match, or {@code null}: only this is kept, never the secret.
   */
  static String badChecksumPrefix(String secret) {
    String prefix = ApiKeyGenerator.generatedFormPrefix(secret);
    return prefix != null && !ApiKeyGenerator.checksumMatches(secret) ? prefix : null;
  }

  static String clientTypeProblem(String clientType) {
    if (clientType == null) {
      return "clientType is required";
    }
    if (clientType.length() > ApiKey.MAX_CLIENT_TYPE_LENGTH) {
      return "clientType is " + clientType.length() + " characters long; at most "
          + ApiKey.MAX_CLIENT_TYPE_LENGTH + " are allowed";
    }
    if (!CLIENT_TYPE.matcher(clientType).matches()) {
      return "clientType must match ^[A-Za-z_][A-Za-z0-9_]*$ (was " + ProblemText.quote(clientType) + ")";
    }
    return null;
  }

  static String descriptionProblem(String description) {
    if (description != null && description.length() > ApiKey.MAX_DESCRIPTION_LENGTH) {
      return "description is " + description.length() + " characters long; at most "
          + ApiKey.MAX_DESCRIPTION_LENGTH + " are allowed";
    }
    return null;
  }

  static String expiresAtProblem(String unparsable) {
    return "expiresAt must be an ISO-8601 instant such as 2030-01-01T00:00:00Z (was "
        + ProblemText.quote(unparsable) + ")";
  }

  /** An id of {@code null} stands for the default one, which is always valid. */
  static String idProblem(String id) {
    if (id == null) {
      return null;
    }
    if (!ID_CHARACTERS.matcher(id).matches()) {
      return "id must be 1 to 64 characters from [A-Za-z0-9_.:-] (was " + ProblemText.quote(id) + ")";
    }
    if (!ID.matcher(id).matches()) {
      return "id must start with a letter, a digit or _ (was " + ProblemText.quote(id)
          + "): an id is a URL path segment, and one starting with . (like . or ..) cannot be addressed";
    }
    return null;
  }
}
