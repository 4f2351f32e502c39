package dev.keywarden.servlet;

/** The filter contract on embedded Tomcat 11. */
class TomcatFilterTest extends FilterContractTest {
  @Override
  String kind() {
    return "tomcat";
  }
}
