package dev.keywarden.examples;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keywarden.access.EndpointDefinition;
import dev.keywarden.access.KeywardenConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads SPEC §8 configuration files for the tools and the demo server: JSON, or YAML when the
 * file name ends in {@code .yaml} or {@code .yml}.
 *
 * <p>Why not just {@code readValue}: Jackson stops at the first mismatch and names Java types
 * ({@code Cannot deserialize value of type java.lang.Boolean from String "yes"}). This reader first
 * parses the file into a tree, then checks every value against the model's properties (found by
 * Jackson's own introspection, so a field added to the model is checked without a change here)
 * and reports every type error and unknown field at once, each with its JSON path, such as
 * {@code endpoints[0].public: expected a boolean, got "yes"}. Scalars must have the JSON kind of
 * their property: a number is not accepted for a string nor a string for a boolean, so YAML's
 * {@code secret: 12345} is reported instead of silently read as text. Values of properties whose
 * name holds "secret" are never printed.
 */
final class ConfigFiles {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final int MAX_SHOWN = 40;

  private ConfigFiles() {}

  /** A configuration file that cannot be read, parsed or bound; the message says why and where. */
  static final class ConfigFileException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigFileException(String message) {
      super(message);
    }
  }

  /** Tells whether a file is read as YAML (by its extension) rather than JSON. */
  static boolean isYaml(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  /** Reads a configuration file; its problems (bad expressions, ...) are left to {@code KeywardenConfig.check()}. */
  static KeywardenConfig read(Path file) throws ConfigFileException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigFileException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigFileException(file + ": cannot be read: " + e.getMessage());
    }
    return parse(text, isYaml(file), file.toString());
  }

  /** Reads the bundled demo configuration from the classpath. */
  static KeywardenConfig resource(String name) throws ConfigFileException {
    try (InputStream in = ConfigFiles.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new ConfigFileException(name + ": not on the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), false, name);
    } catch (IOException e) {
      throw new ConfigFileException(name + ": cannot be read: " + e.getMessage());
    }
  }

  /** Parses configuration text; {@code source} names it in messages. */
  static KeywardenConfig parse(String text, boolean yaml, String source) throws ConfigFileException {
    ObjectMapper mapper = yaml ? YAML : JSON;
    String format = yaml ? "YAML" : "JSON";
    JsonNode tree;
    try (JsonParser parser = mapper.createParser(text)) {
      tree = mapper.readTree(parser);
      if (tree != null && parser.nextToken() != null) {
        throw new ConfigFileException(source + ": not valid " + format + at(parser.currentLocation())
            + ": more content after the configuration; expected one object");
      }
    } catch (JsonProcessingException e) {
      throw new ConfigFileException(source + ": not valid " + format + at(e.getLocation()) + ": "
          + firstLines(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new ConfigFileException(source + ": cannot be read: " + e.getMessage());
    }
    if (tree == null || tree.isMissingNode() || (tree.isNull() && text.isBlank())) {
      throw new ConfigFileException(source + ": empty; expected an object with \"apiKeys\" and \"endpoints\"");
    }
    List<String> errors = new ArrayList<>();
    check(mapper, tree, mapper.constructType(KeywardenConfig.class), "", false, errors);
    if (!errors.isEmpty()) {
      StringBuilder message = new StringBuilder(source).append(": ").append(errors.size())
          .append(errors.size() == 1 ? " error" : " errors").append(" in the ").append(format).append(':');
      for (String error : errors) {
        message.append("\n  - ").append(error);
      }
      throw new ConfigFileException(message.toString());
    }
    try {
      return mapper.treeToValue(tree, KeywardenConfig.class);
    } catch (JsonMappingException e) {
      // Not expected after check(); said without Java type names all the same.
      throw new ConfigFileException(source + ": " + path(e) + ": cannot be read as configuration");
    } catch (JsonProcessingException e) {
      throw new ConfigFileException(source + ": cannot be read as configuration");
    }
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * The parser's explanation without the source excerpts and caret lines that SnakeYAML adds
   * (the line and column are given separately).
   */
  private static String firstLines(String message) {
    // An unquoted value is echoed by Jackson ("Unrecognized token 'kw_...'"): it may be a secret.
    message = message.replaceAll("(?i)unrecognized token '[^']*'", "Unrecognized token (not shown: it may be a secret)");
    List<String> kept = new ArrayList<>();
    for (String line : message.split("\\R")) {
      if (!line.isBlank() && !line.startsWith(" in '") && !line.startsWith("    ") && !line.trim().equals("^")) {
        kept.add(line.trim());
      }
    }
    return String.join("; ", kept);
  }

  /** Checks a value against a model type, adding "path: expected ..., got ..." errors. */
  private static void check(ObjectMapper mapper, JsonNode node, JavaType type, String path, boolean secret,
      List<String> errors) {
    if (node.isNull()) {
      return; // absent and null mean the same; the model reports required values
    }
    Class<?> raw = type.getRawClass();
    if (raw == String.class) {
      expect(node.isTextual(), "a string", node, path, secret, errors);
    } else if (raw == Boolean.class || raw == boolean.class) {
      expect(node.isBoolean(), "a boolean", node, path, secret, errors);
    } else if (Number.class.isAssignableFrom(type.getRawClass()) || type.isPrimitive()) {
      expect(node.isNumber(), "a number", node, path, secret, errors);
    } else if (type.isCollectionLikeType() || type.isArrayType()) {
      if (expect(node.isArray(), "an array", node, path, secret, errors)) {
        for (int i = 0; i < node.size(); i++) {
          check(mapper, node.get(i), type.getContentType(), path + "[" + i + "]", secret, errors);
        }
      }
    } else if (raw.getPackageName().startsWith("dev.keywarden")) {
      if (expect(node.isObject(), "an object", node, path, secret, errors)) {
        checkObject(mapper, node, type, path, errors);
      }
    } else {
      try {
        mapper.treeToValue(node, type);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        errors.add(where(path) + ": not a valid value, got " + shown(node, secret));
      }
    }
  }

  private static void checkObject(ObjectMapper mapper, JsonNode node, JavaType type, String path,
      List<String> errors) {
    BeanDescription description = mapper.getDeserializationConfig().introspect(type);
    Map<String, JavaType> properties = new LinkedHashMap<>();
    for (BeanPropertyDefinition property : description.findProperties()) {
      if (property.couldDeserialize()) {
        properties.put(property.getName(), property.getPrimaryType());
      }
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
      JavaType propertyType = properties.get(field.getKey());
      if (propertyType == null) {
        errors.add(fieldPath + ": unknown field; known fields are " + String.join(", ", properties.keySet()));
      } else {
        boolean secret = field.getKey().toLowerCase(Locale.ROOT).contains("secret");
        check(mapper, field.getValue(), propertyType, fieldPath, secret, errors);
      }
    }
  }

  private static boolean expect(boolean ok, String expected, JsonNode node, String path, boolean secret,
      List<String> errors) {
    if (!ok) {
      errors.add(where(path) + ": expected " + expected + ", got " + shown(node, secret));
    }
    return ok;
  }

  private static String where(String path) {
    return path.isEmpty() ? "top level" : path;
  }

  /** Describes a value for a message: scalars as written (shortened), containers by kind. */
  private static String shown(JsonNode node, boolean secret) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (secret) {
      return node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : "a value";
    }
    String text = node.toString(); // JSON form: strings quoted and escaped
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN - 4) + "...\"";
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return where(path.toString());
  }

  /**
   * One warning per rule whose {@code userGroupPermission} is absent: it then defaults to
   * {@code "true"} (SPEC §5), so anyone who passes the rule's other checks passes; worth a
   * second look in a security configuration even when intended.
   */
  static List<String> warnings(KeywardenConfig config) {
    List<String> warnings = new ArrayList<>();
    List<EndpointDefinition> endpoints = config.endpoints();
    for (int i = 0; i < endpoints.size(); i++) {
      EndpointDefinition endpoint = endpoints.get(i);
      if (endpoint != null && endpoint.userGroupPermission() == null) {
        warnings.add("warning: endpoints[" + i + "] (" + endpoint.label()
            + ") has no userGroupPermission: it defaults to \"true\"");
      }
    }
    return warnings;
  }
}
