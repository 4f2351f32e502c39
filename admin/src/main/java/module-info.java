/**
 * Keywarden's embeddable key management console and REST API: a servlet over any store that
 * implements {@code ApiKeyManagement}, protected by Keywarden itself.
 */
module dev.keywarden.admin {
  requires transitive dev.keywarden.core;
  requires transitive jakarta.servlet;
  requires dev.keywarden.servlet;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports dev.keywarden.admin;
}
