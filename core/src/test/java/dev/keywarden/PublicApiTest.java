package dev.keywarden;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** SPEC §1: the core's public signatures name only JDK types and Keywarden types. */
class PublicApiTest {

  @Test
  void publicSignatures_nameOnlyJdkAndKeywardenTypes() throws Exception {
    List<String> offenders = new ArrayList<>();
    List<Class<?>> classes = coreClasses();
    assertThat(classes).hasSizeGreaterThan(30);
    for (Class<?> type : classes) {
      if (!Modifier.isPublic(type.getModifiers()) || !isExported(type)) {
        continue;
      }
      check(type.getName() + " extends", type.getGenericSuperclass(), offenders);
      for (Type i : type.getGenericInterfaces()) {
        check(type.getName() + " implements", i, offenders);
      }
      for (Method method : type.getDeclaredMethods()) {
        if (isVisible(method.getModifiers()) && !method.isSynthetic()) {
          String where = type.getName() + "." + method.getName();
          check(where, method.getGenericReturnType(), offenders);
          for (Type parameter : method.getGenericParameterTypes()) {
            check(where, parameter, offenders);
          }
          for (Type thrown : method.getGenericExceptionTypes()) {
            check(where, thrown, offenders);
          }
        }
      }
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (isVisible(constructor.getModifiers())) {
          for (Type parameter : constructor.getGenericParameterTypes()) {
            check(type.getName() + ".<init>", parameter, offenders);
          }
        }
      }
      for (Field field : type.getDeclaredFields()) {
        if (isVisible(field.getModifiers())) {
          check(type.getName() + "." + field.getName(), field.getGenericType(), offenders);
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  private static boolean isVisible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static boolean isExported(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers())) {
        return false;
      }
    }
    return true;
  }

  private static void check(String where, Type type, List<String> offenders) {
    if (type == null) {
      return;
    }
    if (type instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      String name = c.getName();
      if (!c.isPrimitive() && !name.startsWith("java.") && !name.startsWith("dev.keywarden.")) {
        offenders.add(where + " names " + name);
      }
    } else if (type instanceof ParameterizedType p) {
      check(where, p.getRawType(), offenders);
      for (Type argument : p.getActualTypeArguments()) {
        check(where, argument, offenders);
      }
    } else if (type instanceof GenericArrayType g) {
      check(where, g.getGenericComponentType(), offenders);
    } else if (type instanceof WildcardType w) {
      for (Type bound : w.getUpperBounds()) {
        check(where, bound, offenders);
      }
      for (Type bound : w.getLowerBounds()) {
        check(where, bound, offenders);
      }
    } else if (type instanceof TypeVariable<?> v) {
      for (Type bound : v.getBounds()) {
        check(where, bound, offenders);
      }
    }
  }

  private static List<Class<?>> coreClasses() throws IOException, ClassNotFoundException {
    Path root = Path.of("target/classes");
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = root.relativize(file).toString().replace('/', '.').replace(".class", "");
        if (!name.equals("module-info")) {
          classes.add(Class.forName(name, false, PublicApiTest.class.getClassLoader()));
        }
      }
    }
    return classes;
  }
}
