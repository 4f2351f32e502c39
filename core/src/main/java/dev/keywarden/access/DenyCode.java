package dev.keywarden.access;

/**
 * Why a request was refused, with the {@code code} of the problem response, its default HTTP
 * status and a title. The texts never say whether a key exists.
 */
public enum DenyCode {
  /**
   * The request firewall refused the request: its path is ambiguous or malformed, or its method
   * is not one of the seven standard ones (see {@link RequestFirewall}). The detail never echoes
   * the path or the method.
   */
  REJECTED_REQUEST("rejected-request", 400, "Rejected request",
      "The request path is ambiguous or malformed (for example it contains ';', an encoded '/', '.' or '%', "
      + "a backslash, an empty, '.' or '..' segment or a control character), or the method is not one of "
      + "GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS (exact upper case), so it is refused."),
  /** The request carries different keys in one source or (strict mode) in two sources. */
  CONFLICTING_API_KEYS("conflicting-api-keys", 400, "Conflicting API keys",
      "The request carries more than one different API key."),
  /** A key was presented and it is unknown, inactive, expired, malformed or has a bad checksum. */
  INVALID_API_KEY("invalid-api-key", 401, "Invalid API key", "The API key presented is not valid."),
  /** The key store could not answer. */
  KEY_STORE_UNAVAILABLE("key-store-unavailable", 503, "Key store unavailable",
      "The API key could not be checked right now; retry later."),
  /** The rule needs an API key and none was presented. */
  MISSING_API_KEY("missing-api-key", 401, "Missing API key", "This endpoint needs an API key."),
  /** The rule needs a logged-in user and there is none. */
  AUTHENTICATION_REQUIRED("authentication-required", 401, "Authentication required",
      "This endpoint needs a logged-in user."),
  /** The expression is false for an anonymous caller: no logged-in user and no valid key. */
  UNAUTHORIZED("unauthorized", 401, "Unauthorized",
      "This endpoint does not admit anonymous callers; present credentials it accepts."),
  /**
   * No rule matches the request and no default rule is set: refused whatever the credentials
   * (fail closed). Its problem {@code code} is {@code unauthorized}, one of the codes of the
   * decision table (SPEC §6), so clients see no new code; the detail says what happened, and
   * listeners see this constant.
   */
  NO_MATCHING_RULE("unauthorized", 401, "Unauthorized",
      "No access rule covers this request, so it is refused whatever the credentials."),
  /** The expression is false for an identified caller. */
  FORBIDDEN("forbidden", 403, "Forbidden", "The caller is not allowed to access this endpoint.");

  private final String code;
  private final int defaultStatus;
  private final String title;
  private final String detail;

  DenyCode(String code, int defaultStatus, String title, String detail) {
    this.code = code;
    this.defaultStatus = defaultStatus;
    this.title = title;
    this.detail = detail;
  }

  /** {@return the machine-readable code of the problem response, e.g. {@code invalid-api-key}} */
  public String code() {
    return code;
  }

  /** {@return the HTTP status used unless configured otherwise} */
  public int defaultStatus() {
    return defaultStatus;
  }

  /** {@return the short human-readable title} */
  public String title() {
    return title;
  }

  /** {@return the human-readable explanation used as the problem's detail} */
  public String detail() {
    return detail;
  }
}
