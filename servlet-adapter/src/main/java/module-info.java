/**
 * Keywarden's servlet adapter: a {@code jakarta.servlet} Filter that applies the core's access
 * decision. The servlet API is provided by the container.
 */
module dev.keywarden.servlet {
  requires transitive dev.keywarden.core;
  requires transitive jakarta.servlet;
  requires org.slf4j;

  exports dev.keywarden.servlet;
}
