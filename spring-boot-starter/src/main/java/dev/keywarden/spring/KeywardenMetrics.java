package dev.keywarden.spring;

import dev.keywarden.access.AccessEvent;
import dev.keywarden.access.AccessListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer metrics of access decisions: the counter {@value #DECISIONS} tagged {@code outcome}
 * ({@code allowed}, {@code denied}, {@code passed_through}), {@code code} (the deny code, or
 * {@code none}) and {@code client_type} (or {@code none}), and the timer {@value #DURATION} of
 * the decision time tagged {@code outcome}. Key ids are not tags: their number is unbounded.
 *
 * <p>Meters are looked up once per tag combination and then reused. Thread-safe.
 */
public final class KeywardenMetrics implements AccessListener {
  /** The name of the decision counter. */
  public static final String DECISIONS = "keywarden.decisions";
  /** The name of the decision timer. */
  public static final String DURATION = "keywarden.decision.duration";

  private final MeterRegistry registry;
  private final Map<Tags, Counter> counters = new ConcurrentHashMap<>();
  private final Map<AccessEvent.Outcome, Timer> timers = new ConcurrentHashMap<>();

  /**
   * Creates the listener.
   *
   * @param registry where the meters are registered; not {@code null}
   */
  public KeywardenMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void onDecision(AccessEvent event) {
    AccessEvent.Outcome outcome = event.outcome();
    Tags tags = new Tags(outcome, event.code() == null ? "none" : event.code().code(),
        event.clientType() == null ? "none" : event.clientType());
    counters.computeIfAbsent(tags, t -> Counter.builder(DECISIONS)
        .description("Keywarden access decisions")
        .tag("outcome", outcome(t.outcome()))
        .tag("code", t.code())
        .tag("client_type", t.clientType())
        .register(registry)).increment();
    timers.computeIfAbsent(outcome, o -> Timer.builder(DURATION)
        .description("Time Keywarden took to decide")
        .tag("outcome", outcome(o))
        .register(registry)).record(event.elapsedNanos(), TimeUnit.NANOSECONDS);
  }

  private static String outcome(AccessEvent.Outcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }

  /** One combination of counter tags. */
  private record Tags(AccessEvent.Outcome outcome, String code, String clientType) {}
}
