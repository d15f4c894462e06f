import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Build step, run by the pom after shading: recompiles the class files of the shaded jar that are older than
 * Java 8 (picocli ships Java 5 class files) to class-file version 52 with stack-map frames computed by ASM.
 * The JVM will not put a pre-Java-6 class, nor a class verified by the old verifier, nor any class implementing
 * one of their interfaces (orun's commands, its picocli factory) in a class-data-sharing archive; so without
 * this step every start loads, parses and verifies all of picocli from the jar. The bytecode is unchanged;
 * only the version and the frames are added. Each rewritten class is then loaded and initialised in a fresh
 * class loader, so a frame the verifier refuses fails the build, not a user's command. That loader sits on the
 * platform loader, as the application's does at run time: gson (Java 6 class files, under protobuf's JsonFormat)
 * refers to java.sql types, which the boot loader alone does not have.
 *   java -cp asm.jar src/build/UpgradeOldClasses.java target/orun.jar
 */
public final class UpgradeOldClasses {
    private static final int TARGET = Opcodes.V1_8;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        List<String> upgraded = new ArrayList<>();
        try (URLClassLoader original = new URLClassLoader(new URL[]{jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
             ZipFile in = new ZipFile(jar.toFile());
             OutputStream file = Files.newOutputStream(tmp);
             ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                byte[] bytes;
                try (InputStream s = in.getInputStream(entry)) {
                    bytes = s.readAllBytes();
                }
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/") && major(bytes) < TARGET) {
                    bytes = upgrade(bytes, original);
                    upgraded.add(entry.getName().replace('/', '.').substring(0, entry.getName().length() - 6));
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        // Every rewritten class must pass the split verifier: getDeclaredMethods links (so verifies) each one.
        try (URLClassLoader check = new URLClassLoader(new URL[]{tmp.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : upgraded) {
                Class.forName(name, false, check).getDeclaredMethods();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static int major(byte[] b) {
        if (b.length < 8 || (b[0] & 0xff) != 0xca || (b[1] & 0xff) != 0xfe || (b[2] & 0xff) != 0xba || (b[3] & 0xff) != 0xbe) {
            return Integer.MAX_VALUE;
        }
        return ((b[6] & 0xff) << 8) | (b[7] & 0xff);
    }

    private static byte[] upgrade(byte[] bytes, ClassLoader classes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected ClassLoader getClassLoader() {
                return classes;
            }
        };
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                super.visit(TARGET, access, name, signature, superName, interfaces);
            }
        }, ClassReader.SKIP_FRAMES);
        return writer.toByteArray();
    }
}
