package dev.keywarden.servlet;

/** A host denial writer on embedded Jetty. */
class JettyDenialWriterTest extends DenialWriterTest {
  @Override
  String kind() {
    return "jetty";
  }
}
