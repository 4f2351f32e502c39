package dev.keywarden.servlet;

/** The filter contract on embedded Jetty 12 (ee10). */
class JettyFilterTest extends FilterContractTest {
  @Override
  String kind() {
    return "jetty";
  }
}
