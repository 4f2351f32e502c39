package dev.keywarden.spring;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.ResourceLoader;

/** Properties and files for the resolver's tests, written next to their assertions. */
final class ConfigFixtures {
  private ConfigFixtures() {}

  /** A loader whose {@code classpath:NAME} is {@code text}, named {@code NAME} (so {@code .yml} reads as YAML). */
  static ResourceLoader holding(String name, String text) {
    DefaultResourceLoader loader = new DefaultResourceLoader();
    loader.addProtocolResolver((location, ignored) -> location.equals("classpath:" + name)
        ? new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8), name) {
          @Override
          public String getFilename() {
            return name;
          }
        }
        : null);
    return loader;
  }

  static KeywardenProperties.ApiKey key(String secret, String clientType, String id) {
    KeywardenProperties.ApiKey key = new KeywardenProperties.ApiKey();
    key.setSecret(secret);
    key.setClientType(clientType);
    key.setId(id);
    return key;
  }

  static KeywardenProperties.Endpoint endpoint(String method, String path, String userGroupPermission) {
    KeywardenProperties.Endpoint endpoint = new KeywardenProperties.Endpoint();
    endpoint.setMethod(method);
    endpoint.setPath(path);
    endpoint.setUserGroupPermission(userGroupPermission);
    return endpoint;
  }
}
