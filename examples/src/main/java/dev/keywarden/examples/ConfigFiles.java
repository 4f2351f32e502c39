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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.keywarden.Problem;
import dev.keywarden.access.EndpointDefinition;
import dev.keywarden.access.KeywardenConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SPEC §8 configuration files for the tools and the demo server: JSON, or YAML when the
 * file name ends in {@code .yaml} or {@code .yml}.
 *
 * <p>Why not just {@code readValue}: Jackson stops at the first mismatch and names Java types
 * ({@code Cannot deserialize value of type java.lang.Boolean from String "yes"}). This reader first
 * parses the file into a tree, then checks every value against the model's properties (found by
 * Jackson's own introspection, so a field added to the model is checked without a change here)
 * and reports every type error and unknown field at once, each with its JSON path, such as
 * {@code endpoints[0].public: expected a boolean, got a string (3 characters)} (an unknown field
 * with the known one it most likely means, by {@link DidYouMean}). A file that is not an object,
 * {@code null} included, is such a problem too, not an empty configuration. Scalars must have
 * the JSON kind of their property: a number is not accepted for a string nor a string for a
 * boolean, so YAML's {@code secret: 12345} is reported instead of silently read as text. A wrong
 * value is never printed, whatever its field, since it may be a key written one line off; nor is
 * an unknown field name that could be a key. YAML anchors and aliases are refused: Jackson reads
 * an alias as its name, not as the value it refers to.
 *
 * <p>{@link #load} binds what is well typed all the same, so that {@code check-config} and
 * {@code serve} list the file's problems and the model's in one go.
 */
final class ConfigFiles {
  private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']*)'");
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

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

  /**
   * A configuration file bound as far as it could be. A value of the wrong type and an unknown
   * field are named in {@code fileProblems} and left out of {@code config} (a number or boolean
   * where text was expected is kept as its text), so that the model can still check the rest and
   * {@link #problems()} can name every problem at once.
   *
   * @param config the configuration bound from the file, without the values named in {@code fileProblems}
   * @param fileProblems type errors and unknown fields, each located by its JSON path, in file order
   * @param droppedEntries the paths of list entries left out (set to null) for not being objects
   */
  record Loaded(KeywardenConfig config, List<Problem> fileProblems, Set<String> droppedEntries) {
    Loaded {
      fileProblems = List.copyOf(fileProblems);
      droppedEntries = Set.copyOf(droppedEntries);
    }

    /**
     * Every problem, in one list: the file's, then the model's ({@code KeywardenConfig.check()}),
     * without the model's "must be an object, not null" for an entry already named as not an object.
     */
    List<Problem> problems() {
      List<Problem> problems = new ArrayList<>(fileProblems);
      for (Problem problem : config.check().problems()) {
        if (!droppedEntries.contains(problem.location())) {
          problems.add(problem);
        }
      }
      return problems;
    }
  }

  /**
   * Reads a configuration file for a tool that reports every problem in one list: only a file
   * that cannot be read or parsed at all is an exception.
   */
  static Loaded load(Path file) throws ConfigFileException {
    return bind(text(file), isYaml(file), file.toString());
  }

  private static String text(Path file) throws ConfigFileException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigFileException(file + ": no such file");
    } catch (IOException e) {
      throw new ConfigFileException(file + ": cannot be read: " + e.getMessage());
    }
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

  /**
   * Parses configuration text that must be well typed: a type error or unknown field is an
   * exception listing all of them; {@code source} names the text in messages.
   */
  static KeywardenConfig parse(String text, boolean yaml, String source) throws ConfigFileException {
    Loaded loaded = bind(text, yaml, source);
    List<Problem> errors = loaded.fileProblems();
    if (!errors.isEmpty()) {
      StringBuilder message = new StringBuilder(source).append(": ").append(Tools.count(errors.size(), "error"))
          .append(" in the ").append(yaml ? "YAML" : "JSON")
          .append(':');
      for (Problem error : errors) {
        message.append("\n  - ").append(error);
      }
      throw new ConfigFileException(message.toString());
    }
    return loaded.config();
  }

  /** Parses configuration text and binds what is well typed; see {@link Loaded}. */
  private static Loaded bind(String text, boolean yaml, String source) throws ConfigFileException {
    ObjectMapper mapper = yaml ? YAML : JSON;
    JsonNode tree = tree(mapper, text, yaml ? "YAML" : "JSON", source);
    Checker checker = new Checker(mapper, yaml ? YamlReferences.find(text, source) : Map.of());
    JsonNode kept = checker.checkTopLevel(tree, mapper.constructType(KeywardenConfig.class));
    try {
      KeywardenConfig config = kept.isNull()
          ? KeywardenConfig.empty()
          : mapper.treeToValue(kept, KeywardenConfig.class);
      return new Loaded(config, checker.problems, checker.dropped);
    } catch (JsonMappingException e) {
      // Not expected after the check; said without Java type names all the same.
      throw new ConfigFileException(source + ": " + path(e) + ": cannot be read as configuration");
    } catch (JsonProcessingException e) {
      throw new ConfigFileException(source + ": cannot be read as configuration");
    }
  }

  private static JsonNode tree(ObjectMapper mapper, String text, String format, String source)
      throws ConfigFileException {
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
    return tree;
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
    message = hideDuplicateFieldName(message);
    List<String> kept = new ArrayList<>();
    for (String line : message.split("\\R")) {
      if (!line.isBlank() && !line.startsWith(" in '") && !line.startsWith("    ") && !line.trim().equals("^")) {
        kept.add(line.trim());
      }
    }
    return String.join("; ", kept);
  }

  /** Jackson's "Duplicate field 'NAME'", with NAME shown only when it reads like a field name ({@link FieldNames}). */
  private static String hideDuplicateFieldName(String message) {
    return DUPLICATE_FIELD.matcher(message).replaceAll(match -> FieldNames.showable(match.group(1), List.of())
        ? Matcher.quoteReplacement(match.group())
        : "Duplicate field (name not shown: " + characters(match.group(1)) + ", it may be a key)");
  }

  /**
   * Checks a tree against the model's types, collecting "path: expected ..., got ..." problems,
   * and returns the tree without the values it names, for binding.
   */
  private static final class Checker {
    private final ObjectMapper mapper;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> dropped = new HashSet<>();
    private final Map<String, Boolean> yamlReferences;

    /** {@code yamlReferences}: see {@link YamlReferences#find}. */
    Checker(ObjectMapper mapper, Map<String, Boolean> yamlReferences) {
      this.mapper = mapper;
      this.yamlReferences = yamlReferences;
    }

    /**
     * Checks the whole file. Unlike a field's {@code null} (the same as leaving the field out),
     * a file that is {@code null} holds no configuration: it is reported, not read as an empty one.
     */
    JsonNode checkTopLevel(JsonNode tree, JavaType type) {
      if (tree.isNull()) {
        problems.add(new Problem(where(""), "expected an object with \"apiKeys\" and \"endpoints\", got null"));
        return tree;
      }
      return check(tree, type, "");
    }

    /** Returns the node to bind in place of {@code node}: itself, a trimmed copy, its text, or null. */
    JsonNode check(JsonNode node, JavaType type, String path) {
      if (refusedYamlReference(path)) {
        return NullNode.instance;
      }
      if (node.isNull()) {
        return node; // absent and null mean the same; the model reports required values
      }
      Class<?> raw = type.getRawClass();
      if (raw == String.class) {
        if (expect(node.isTextual(), "a string", node, path)) {
          return node;
        }
        // A number or boolean is kept as its text, so that the model does not also call it missing.
        return node.isValueNode() ? TextNode.valueOf(node.asText()) : NullNode.instance;
      } else if (raw == Boolean.class || raw == boolean.class) {
        return orNull(expect(node.isBoolean(), "a boolean", node, path), node);
      } else if (Number.class.isAssignableFrom(raw) || type.isPrimitive()) {
        return orNull(expect(node.isNumber(), "a number", node, path), node);
      } else if (type.isCollectionLikeType() || type.isArrayType()) {
        return expect(node.isArray(), "an array", node, path)
            ? array(node, type, path)
            : NullNode.instance;
      } else if (raw.getPackageName().startsWith("dev.keywarden")) {
        return expect(node.isObject(), "an object", node, path) ? object(node, type, path) : NullNode.instance;
      }
      try {
        mapper.treeToValue(node, type);
        return node;
      } catch (JsonProcessingException | IllegalArgumentException e) {
        problems.add(new Problem(where(path), "not a valid value, got " + shown(node)));
        return NullNode.instance;
      }
    }

    private JsonNode array(JsonNode node, JavaType type, String path) {
      ArrayNode kept = mapper.createArrayNode();
      for (int i = 0; i < node.size(); i++) {
        String elementPath = path + "[" + i + "]";
        JsonNode element = check(node.get(i), type.getContentType(), elementPath);
        if (element.isNull() && !node.get(i).isNull()) {
          dropped.add(elementPath);
        }
        kept.add(element);
      }
      return kept;
    }

    private JsonNode object(JsonNode node, JavaType type, String path) {
      BeanDescription description = mapper.getDeserializationConfig().introspect(type);
      Map<String, JavaType> properties = new LinkedHashMap<>();
      for (BeanPropertyDefinition property : description.findProperties()) {
        if (property.couldDeserialize()) {
          properties.put(property.getName(), property.getPrimaryType());
        }
      }
      ObjectNode kept = mapper.createObjectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        JavaType propertyType = properties.get(field.getKey());
        if (propertyType == null) {
          // Left out, so that the model does not name it a second time.
          problems.add(unknownField(path, field.getKey(), properties.keySet()));
        } else {
          kept.set(field.getKey(), check(field.getValue(), propertyType, fieldPath));
        }
      }
      return kept;
    }

    /**
     * Adds "expected ..., got ..." unless {@code ok}. The wrong value is described by its kind,
     * never shown: a key pasted one line off lands in any field ({@code "active": "kw_..."}), and
     * a scalar where an object or array was expected ({@code "apiKeys": ["kw_..."]}) most likely is one.
     */
    private boolean expect(boolean ok, String expected, JsonNode node, String path) {
      if (!ok) {
        problems.add(new Problem(where(path), "expected " + expected + ", got " + shown(node)));
      }
      return ok;
    }

    /**
     * Adds a problem for a YAML anchor or alias at {@code path}, and tells whether the node must
     * be left out: an alias is read by Jackson as its name ({@code secret: *webSecret} would bind
     * the guessable secret "webSecret"), never as the value it refers to. An anchored node is the
     * value written there, so it is checked as usual; the file is invalid all the same.
     */
    private boolean refusedYamlReference(String path) {
      Boolean alias = yamlReferences.get(path);
      if (alias == null) {
        return false;
      }
      problems.add(new Problem(where(path), "YAML aliases and anchors are not supported; write the value itself"));
      return alias;
    }

    private static JsonNode orNull(boolean keep, JsonNode node) {
      return keep ? node : NullNode.instance;
    }
  }

  private static String where(String path) {
    return path.isEmpty() ? "top level" : path;
  }

  /**
   * Describes a value for a message by its kind (and a string's length), never by its content:
   * whatever the field, the value may be a key written in the wrong place.
   */
  private static String shown(JsonNode node) {
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    if (node.isTextual()) {
      return "a string (" + characters(node.textValue()) + ")";
    }
    return node.isNumber() ? "a number" : node.isBoolean() ? "a boolean" : "a value";
  }

  private static String characters(String text) {
    int length = text.codePointCount(0, text.length());
    return length + (length == 1 ? " character" : " characters");
  }

  /**
   * The problem for an unknown field. Its name is shown (in the location) only when it is close
   * to a known field or reads like a field name: a key pasted as a name ({@code {"kw_...": true}})
   * is described by its length, at the place of the object holding it.
   */
  static Problem unknownField(String objectPath, String name, Collection<String> known) {
    String knownFields = "; known fields are " + String.join(", ", known);
    if (FieldNames.showable(name, known)) {
      String closest = DidYouMean.closest(name, known);
      return new Problem(objectPath.isEmpty() ? name : objectPath + "." + name,
          closest == null ? "unknown field" + knownFields : "unknown field (did you mean \"" + closest + "\"?)");
    }
    return new Problem(where(objectPath),
        "unknown field (name not shown: " + characters(name) + ", it may be a key)" + knownFields);
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
