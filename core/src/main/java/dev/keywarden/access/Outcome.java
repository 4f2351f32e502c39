package dev.keywarden.access;

import dev.keywarden.store.KeyResolution;

/**
 * What one decision found, read by {@link AccessGuard} for the decision, the listener's event and
 * an explanation: the {@link Caller} who passed (so an allowed request allocates nothing more),
 * or a {@link Stopped} request.
 */
interface Outcome {
  /**
   * A request not allowed: refused ({@code denial} set; {@code invalid} says why a presented key
   * was refused), or a passed-through preflight ({@code denial} null), with the facts found before
   * it stopped (a {@link Caller} never handed out, its rule possibly null).
   */
  record Stopped(DenyCode denial, KeyResolution.Invalid invalid, Caller facts) implements Outcome {}
}
