package dev.keywarden.examples;

import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether an unknown field name may be printed. A key pasted where a name belongs
 * ({@code {"kw_...": true}}, a YAML line {@code kw_...:}) must not be: a name is shown only when it
 * is close to a known field (a misspelling) or reads like a field name and not like a key.
 */
final class FieldNames {
  private static final Pattern FIELD_LIKE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,39}");
  /** The generated key form, SPEC §2: {@code <prefix>_}, then 27 random and 6 checksum base62 characters. */
  private static final Pattern GENERATED_KEY = Pattern.compile("[A-Za-z0-9]{1,20}_[A-Za-z0-9]{33}");

  private FieldNames() {}

  /**
   * Tells whether an unknown field name may be printed: within two edits of a {@code known} field
   * (any case; one for a field of under 6 characters, none under 3), or of the form {@code [A-Za-z][A-Za-z0-9_-]*} with at
   * most 40 characters and not of the generated key form; also YAML's merge key {@code <<}.
   */
  static boolean showable(String name, Collection<String> known) {
    if (name.equals("<<")) {
      return true; // YAML's merge key
    }
    if (FIELD_LIKE.matcher(name).matches() && !GENERATED_KEY.matcher(name).matches()) {
      return true;
    }
    for (String field : known) {
      // Stricter than a did-you-mean for short fields ("id"): every short string would be near them.
      int allowed = Math.min(2, field.length() / 3);
      if (DidYouMean.distance(name.toLowerCase(Locale.ROOT), field.toLowerCase(Locale.ROOT)) <= allowed) {
        return true;
      }
    }
    return false;
  }
}
