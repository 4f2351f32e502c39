package dev.keywarden.store;

/** Why a presented key was refused. All reasons look the same to the client. */
public enum InvalidKeyReason {
  /** No key has this secret. */
  UNKNOWN,
  /** The key exists but is deactivated. */
  INACTIVE,
  /** The key exists but its expiry has passed. */
  EXPIRED,
  /** The value is not a possible secret (too long, whitespace, control characters, empty). */
  MALFORMED,
  /** The value has the form of a generated key but its checksum does not match. */
  BAD_CHECKSUM
}
