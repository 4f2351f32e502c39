package dev.keywarden.expression;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compiles an expression to a hidden class whose {@code test} method is the expression written
 * out as straight-line Java bytecode: membership tests are direct interface calls on the
 * {@link Subject} with the names as constants, {@code &&}, {@code ||} and {@code !} are jumps.
 * The JIT then inlines it like hand-written code, which a tree of node objects cannot match
 * (its call sites are megamorphic).
 *
 * <p>Design note. The generated code keeps the operand stack empty at every jump target and uses
 * only the locals {@code this} and {@code subject}, so every stack map frame is a "same frame"
 * and no general frame computation is needed. Names and strings go into the constant pool as
 * string constants: no text of an expression is ever interpreted as code. Comparisons other
 * than {@code clientType == "x"} call back into the tree evaluator. Anything the generator does
 * not handle (a method over 32 KiB, a string constant over 64 KiB of modified UTF-8) makes
 * {@link #compile} throw with the reason, and the caller keeps the tree evaluator. The caller
 * also checks the result with {@link TranslationValidator} before using it. Evaluation
 * uses no reflection; the class is defined once, with {@link MethodHandles.Lookup#defineHiddenClass},
 * and can be unloaded with its expression.
 */
final class BytecodeCompiler {
  private static final int MAX_CODE = 32 * 1024;
  private static final String SUBJECT = "dev/keywarden/expression/Subject";
  private static final String BASE = "dev/keywarden/expression/GeneratedBase";
  private static final String COMPILED = "dev/keywarden/expression/Compiled";
  private static final String THIS = "dev/keywarden/expression/GeneratedExpression";

  // Opcodes used.
  private static final int ALOAD_0 = 0x2a;
  private static final int ALOAD_1 = 0x2b;
  private static final int ICONST_0 = 0x03;
  private static final int ICONST_1 = 0x04;
  private static final int SIPUSH = 0x11;
  private static final int LDC_W = 0x13;
  private static final int AALOAD = 0x32;
  private static final int IFNE = 0x9a;
  private static final int GOTO = 0xa7;
  private static final int IRETURN = 0xac;
  private static final int RETURN = 0xb1;
  private static final int GETFIELD = 0xb4;
  private static final int INVOKEVIRTUAL = 0xb6;
  private static final int INVOKESPECIAL = 0xb7;
  private static final int INVOKESTATIC = 0xb8;
  private static final int INVOKEINTERFACE = 0xb9;

  private final ConstantPool pool = new ConstantPool();
  private final ByteArrayOutputStream code = new ByteArrayOutputStream();
  private final List<int[]> fixups = new ArrayList<>(); // {position of the branch opcode, label}
  private final List<Integer> labelOffsets = new ArrayList<>();
  private final List<Compiled> fallbacks = new ArrayList<>();

  private BytecodeCompiler() {}

  /**
   * Returns the generated evaluator, not yet validated.
   *
   * @throws IllegalStateException naming the reason when the expression is beyond the generator
   *     (code over 32 KiB, a full constant pool, a string constant over 64 KiB)
   * @throws ReflectiveOperationException or {@link LinkageError} if the class cannot be defined
   */
  static Compiled compile(Node root) throws Throwable {
    BytecodeCompiler compiler = new BytecodeCompiler();
    byte[] bytes = compiler.classFile(root);
    MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
    return (Compiled) lookup.findConstructor(lookup.lookupClass(),
            java.lang.invoke.MethodType.methodType(void.class, Compiled[].class))
        .invoke(compiler.fallbacks.toArray(new Compiled[0]));
  }

  // --- code generation -------------------------------------------------------------------------

  private int newLabel() {
    labelOffsets.add(-1);
    return labelOffsets.size() - 1;
  }

  private void place(int label) {
    labelOffsets.set(label, code.size());
  }

  private void jump(int opcode, int label) {
    fixups.add(new int[] {code.size(), label});
    code.write(opcode);
    code.write(0);
    code.write(0);
  }

  private void u1(int value) {
    code.write(value);
  }

  private void u2(int value) {
    code.write(value >>> 8);
    code.write(value);
  }

  /** Emits code that jumps to {@code whenTrue} if the node is truthy, else to {@code whenFalse}. */
  private void branch(Node node, int whenTrue, int whenFalse) {
    node.accept(new Branch(whenTrue, whenFalse));
  }

  /**
   * Code generation for one node in a truthiness context: every node type ends in a jump to one
   * of the two labels, with an empty operand stack, so every frame stays a "same frame".
   */
  private final class Branch implements Node.Visitor<Void> {
    private final int whenTrue;
    private final int whenFalse;

    Branch(int whenTrue, int whenFalse) {
      this.whenTrue = whenTrue;
      this.whenFalse = whenFalse;
    }

    @Override
    public Void boolLiteral(Node.BoolLiteral node) {
      jump(GOTO, node.value() ? whenTrue : whenFalse);
      return null;
    }

    @Override
    public Void stringLiteral(Node.StringLiteral node) {
      jump(GOTO, node.value().isEmpty() ? whenFalse : whenTrue);
      return null;
    }

    @Override
    public Void member(Node.Member node) {
      membership(node.kind(), node.name());
      return ifTrue(whenTrue, whenFalse);
    }

    @Override
    public Void in(Node.In node) {
      membership(node.kind(), node.name());
      return ifTrue(whenTrue, whenFalse);
    }

    @Override
    public Void clientType(Node.ClientType node) {
      u1(ALOAD_1);
      interfaceCall("clientType", "()Ljava/lang/String;");
      u1(INVOKESTATIC);
      u2(pool.method(BASE, "present", "(Ljava/lang/String;)Z"));
      return ifTrue(whenTrue, whenFalse);
    }

    @Override
    public Void backoffice(Node.Backoffice node) {
      u1(ALOAD_1);
      interfaceCall("isBackoffice", "()Z");
      return ifTrue(whenTrue, whenFalse);
    }

    @Override
    public Void not(Node.Not node) {
      branch(node.operand(), whenFalse, whenTrue);
      return null;
    }

    @Override
    public Void and(Node.And node) {
      List<Node> operands = node.operands();
      for (int i = 0; i < operands.size() - 1; i++) {
        int next = newLabel();
        branch(operands.get(i), next, whenFalse);
        place(next);
      }
      branch(operands.get(operands.size() - 1), whenTrue, whenFalse);
      return null;
    }

    @Override
    public Void or(Node.Or node) {
      List<Node> operands = node.operands();
      for (int i = 0; i < operands.size() - 1; i++) {
        int next = newLabel();
        branch(operands.get(i), whenTrue, next);
        place(next);
      }
      branch(operands.get(operands.size() - 1), whenTrue, whenFalse);
      return null;
    }

    @Override
    public Void equality(Node.Equality node) {
      String expected = node.clientTypeConstant();
      if (expected != null) {
        // "x".equals(subject.clientType()): false for an absent client type, as == must be.
        u1(LDC_W);
        u2(pool.string(expected));
        u1(ALOAD_1);
        interfaceCall("clientType", "()Ljava/lang/String;");
        u1(INVOKEVIRTUAL);
        u2(pool.method("java/lang/String", "equals", "(Ljava/lang/Object;)Z"));
        // != swaps the targets, so the comparison stays a pair of jumps.
        return node.negated() ? ifTrue(whenFalse, whenTrue) : ifTrue(whenTrue, whenFalse);
      }
      // General comparisons: call the tree evaluator for this subtree.
      int index = fallbacks.size();
      fallbacks.add(Compiled.compile(node));
      u1(ALOAD_0);
      u1(GETFIELD);
      u2(pool.field(BASE, "fallbacks", "[L" + COMPILED + ";"));
      u1(SIPUSH);
      u2(index);
      u1(AALOAD);
      u1(ALOAD_1);
      u1(INVOKEVIRTUAL);
      u2(pool.method(COMPILED, "test", "(L" + SUBJECT + ";)Z"));
      return ifTrue(whenTrue, whenFalse);
    }
  }

  /** Consumes the int on the stack: jumps to {@code nonZero} if it is not 0, else to {@code zero}. */
  private Void ifTrue(int nonZero, int zero) {
    jump(IFNE, nonZero);
    jump(GOTO, zero);
    return null;
  }

  private void membership(Node.Kind kind, String name) {
    u1(ALOAD_1);
    u1(LDC_W);
    u2(pool.string(name));
    interfaceCall(kind == Node.Kind.GROUPS ? "hasGroup" : "hasPermission", "(Ljava/lang/String;)Z");
  }

  private void interfaceCall(String name, String descriptor) {
    u1(INVOKEINTERFACE);
    u2(pool.interfaceMethod(SUBJECT, name, descriptor));
    u1(argumentSlots(descriptor) + 1);
    u1(0);
  }

  private static int argumentSlots(String descriptor) {
    return descriptor.startsWith("()") ? 0 : 1;
  }

  // --- the class file ----------------------------------------------------------------------------

  private byte[] classFile(Node root) throws IOException {
    byte[] testCode = testCode(root);
    byte[] stackMap = stackMapTable(testCode.length);
    return classBytes(testCode, stackMap);
  }

  /** The body of {@code test(Subject)}, jumps resolved. */
  private byte[] testCode(Node root) {
    // Every node type ends in a jump with an empty operand stack (see Branch).
    int whenTrue = newLabel();
    int whenFalse = newLabel();
    branch(root, whenTrue, whenFalse);
    place(whenTrue);
    u1(ICONST_1);
    u1(IRETURN);
    place(whenFalse);
    u1(ICONST_0);
    u1(IRETURN);
    if (code.size() > MAX_CODE) {
      throw new IllegalStateException("generated code would be " + code.size() + " bytes, over " + MAX_CODE);
    }
    if (fallbacks.size() > Short.MAX_VALUE) {
      throw new IllegalStateException(fallbacks.size() + " general comparisons, over " + Short.MAX_VALUE);
    }
    byte[] testCode = code.toByteArray();
    for (int[] fixup : fixups) {
      int target = labelOffsets.get(fixup[1]);
      int offset = target - fixup[0];
      testCode[fixup[0] + 1] = (byte) (offset >>> 8);
      testCode[fixup[0] + 2] = (byte) offset;
    }
    return testCode;
  }

  /** The class file: a final subclass of GeneratedBase with a constructor and {@code test}. */
  private byte[] classBytes(byte[] testCode, byte[] stackMap) throws IOException {
    int thisClass = pool.classRef(THIS);
    int superClass = pool.classRef(BASE);
    int init = pool.utf8("<init>");
    int initDescriptor = pool.utf8("([L" + COMPILED + ";)V");
    int superInit = pool.method(BASE, "<init>", "([L" + COMPILED + ";)V");
    int test = pool.utf8("test");
    int testDescriptor = pool.utf8("(L" + SUBJECT + ";)Z");
    int codeName = pool.utf8("Code");
    int stackMapName = pool.utf8("StackMapTable");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(0xCAFEBABE);
    data.writeShort(0);
    data.writeShort(61); // Java 17
    pool.write(data);
    data.writeShort(0x0010 | 0x0020 | 0x1000); // final, super, synthetic
    data.writeShort(thisClass);
    data.writeShort(superClass);
    data.writeShort(0); // interfaces
    data.writeShort(0); // fields
    data.writeShort(2); // methods

    // GeneratedExpression(Compiled[] fallbacks) { super(fallbacks); }
    byte[] initCode = {(byte) ALOAD_0, (byte) ALOAD_1, (byte) INVOKESPECIAL,
        (byte) (superInit >>> 8), (byte) superInit, (byte) RETURN};
    data.writeShort(0); // package-private
    data.writeShort(init);
    data.writeShort(initDescriptor);
    data.writeShort(1);
    writeCode(data, codeName, 2, 2, initCode, 0, null);

    // boolean test(Subject subject)
    data.writeShort(0x0010); // final
    data.writeShort(test);
    data.writeShort(testDescriptor);
    data.writeShort(1);
    writeCode(data, codeName, 4, 2, testCode, stackMapName, stackMap);

    data.writeShort(0); // class attributes
    data.flush();
    return out.toByteArray();
  }

  private static void writeCode(DataOutputStream data, int codeName, int maxStack, int maxLocals, byte[] code,
      int stackMapName, byte[] stackMap) throws IOException {
    int attributes = stackMap == null ? 0 : 1;
    int stackMapLength = stackMap == null ? 0 : 6 + stackMap.length;
    data.writeShort(codeName);
    data.writeInt(2 + 2 + 4 + code.length + 2 + 2 + stackMapLength);
    data.writeShort(maxStack);
    data.writeShort(maxLocals);
    data.writeInt(code.length);
    data.write(code);
    data.writeShort(0); // exception table
    data.writeShort(attributes);
    if (stackMap != null) {
      data.writeShort(stackMapName);
      data.writeInt(stackMap.length);
      data.write(stackMap);
    }
  }

  /** One "same frame" (locals this and subject, empty stack) at every label. */
  private byte[] stackMapTable(int codeLength) throws IOException {
    TreeSet<Integer> offsets = new TreeSet<>();
    for (int offset : labelOffsets) {
      if (offset >= 0 && offset < codeLength) {
        offsets.add(offset);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(out);
    data.writeShort(offsets.size());
    int previous = -1;
    for (int offset : offsets) {
      int delta = previous < 0 ? offset : offset - previous - 1;
      if (delta < 64) {
        data.writeByte(delta); // same_frame
      } else {
        data.writeByte(251); // same_frame_extended
        data.writeShort(delta);
      }
      previous = offset;
    }
    data.flush();
    return out.toByteArray();
  }

  /** A constant pool that reuses entries. */
  private static final class ConstantPool {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream data = new DataOutputStream(bytes);
    private final Map<String, Integer> entries = new HashMap<>();
    private int count = 1;

    private int entry(String key, IoWriter writer) {
      Integer index = entries.get(key);
      if (index != null) {
        return index;
      }
      try {
        writer.write(data);
      } catch (IOException e) {
        throw new IllegalStateException("constant pool entry too large", e);
      }
      int created = count++;
      entries.put(key, created);
      if (count > 0xffff) {
        throw new IllegalStateException("constant pool full");
      }
      return created;
    }

    int utf8(String value) {
      return entry("U" + value, d -> {
        d.writeByte(1);
        d.writeUTF(value);
      });
    }

    int string(String value) {
      int utf8 = utf8(value);
      return entry("S" + value, d -> {
        d.writeByte(8);
        d.writeShort(utf8);
      });
    }

    int classRef(String internalName) {
      int name = utf8(internalName);
      return entry("C" + internalName, d -> {
        d.writeByte(7);
        d.writeShort(name);
      });
    }

    private int nameAndType(String name, String descriptor) {
      int n = utf8(name);
      int t = utf8(descriptor);
      return entry("N" + name + " " + descriptor, d -> {
        d.writeByte(12);
        d.writeShort(n);
        d.writeShort(t);
      });
    }

    int method(String owner, String name, String descriptor) {
      return member(10, owner, name, descriptor);
    }

    int interfaceMethod(String owner, String name, String descriptor) {
      return member(11, owner, name, descriptor);
    }

    int field(String owner, String name, String descriptor) {
      return member(9, owner, name, descriptor);
    }

    private int member(int tag, String owner, String name, String descriptor) {
      int owning = classRef(owner);
      int nat = nameAndType(name, descriptor);
      return entry(tag + "M" + owner + "." + name + descriptor, d -> {
        d.writeByte(tag);
        d.writeShort(owning);
        d.writeShort(nat);
      });
    }

    void write(DataOutputStream out) throws IOException {
      data.flush();
      out.writeShort(count);
      out.write(bytes.toByteArray());
    }
  }

  @FunctionalInterface
  private interface IoWriter {
    void write(DataOutputStream data) throws IOException;
  }
}
