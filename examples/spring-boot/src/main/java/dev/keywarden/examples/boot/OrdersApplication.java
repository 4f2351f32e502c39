package dev.keywarden.examples.boot;

import dev.keywarden.access.Caller;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Spring Boot application whose {@code /orders} needs an API key: all the Keywarden wiring is
 * the starter dependency and application.yml.
 */
@SpringBootApplication
public class OrdersApplication {

  /**
   * Starts the application on port 8080 (or {@code --server.port=...}).
   *
   * @param args Spring Boot arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(OrdersApplication.class, args);
  }

  /** The protected endpoint; Keywarden lets a request in only with a valid key. */
  @RestController
  static class Orders {
    @GetMapping("/orders")
    List<String> list(Caller caller) {
      return List.of("order 1 for " + caller.clientType().orElse("?"), "order 2 for " + caller.clientType().orElse("?"));
    }
  }
}
