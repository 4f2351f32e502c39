/**
 * Keywarden core: API keys, key stores, key extraction, the user group expression language and
 * the access decision. Only API packages are exported; Caffeine stays an implementation detail.
 */
module dev.keywarden.core {
  requires com.fasterxml.jackson.annotation;
  requires org.slf4j;
  requires com.github.benmanes.caffeine;

  exports dev.keywarden;
  exports dev.keywarden.access;
  exports dev.keywarden.expression;
  exports dev.keywarden.extract;
  exports dev.keywarden.store;
  // dev.keywarden.internal (problem text shared by the packages above) is deliberately not exported.
  // Jackson needs no 'opens': every annotated member of the configuration model is public.
}
