package dev.orun.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package rules of docs/architecture.md, checked on the compiled main classes: a broken rule fails
 * {@code mvn verify} with the offending class, member and line.
 */
@AnalyzeClasses(packages = "dev.orun", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {
    private static final String CLI = "dev.orun.cli..";
    private static final String STORE = "dev.orun.store..";

    @ArchTest
    static final ArchRule picocli_only_in_cli = noClasses().that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage("picocli..")
            .because("only the commands parse arguments; the rest is callable without picocli");

    @ArchTest
    static final ArchRule okhttp_only_in_the_http_clients = noClasses()
            .that().resideOutsideOfPackages("dev.orun.http..", "dev.orun.llm..", "dev.orun.github..")
            .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "okio..")
            .because("HTTP goes through the clients in http/, llm/ and github/, which own retries and secrets");

    @ArchTest
    static final ArchRule domain_never_imports_cli = noClasses().that().resideOutsideOfPackage(CLI)
            .should().dependOnClassesThat().resideInAPackage(CLI)
            .because("the arrows point from the commands to the domain, never back");

    @ArchTest
    static final ArchRule only_main_touches_system_out_and_err = noClasses()
            .that().doNotHaveFullyQualifiedName("dev.orun.cli.Main")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .because("commands write through spec.commandLine().getOut()/getErr(), so --json stays one document"
                    + " and tests capture everything; Main.main wires the two streams once");

    @ArchTest
    static final ArchRule file_writes_only_in_store = noClasses().that().resideOutsideOfPackage(STORE)
            .should().accessTargetWhere(FileWrites.API)
            .because("records are written atomically (AtomicFiles), logs scrubbed (AppendLog), and the rest through"
                    + " PlainFiles: write through store/");

    @ArchTest
    static final ArchRule no_cycles_between_top_level_packages = slices().matching("dev.orun.(*)..")
            .should().beFreeOfCycles();

    /** The JDK calls that create, change, move or remove a file or folder. */
    static final class FileWrites {
        private static final Set<String> FILES = Set.of("write", "writeString", "newOutputStream", "newBufferedWriter",
                "newByteChannel", "copy", "move", "createDirectories", "createDirectory", "createFile", "createTempFile",
                "createTempDirectory", "createLink", "createSymbolicLink", "delete", "deleteIfExists",
                "setLastModifiedTime", "setAttribute", "setPosixFilePermissions", "setOwner");
        private static final Set<String> FILE = Set.of("delete", "deleteOnExit", "mkdir", "mkdirs", "createNewFile",
                "renameTo", "createTempFile", "setLastModified", "setWritable", "setExecutable", "setReadable");
        private static final Set<String> CHANNEL = Set.of("open", "write", "truncate", "transferFrom");

        static final DescribedPredicate<JavaAccess<?>> API = new DescribedPredicate<>("a JDK file-writing API"
                + " (Files.write*/copy/move/create*/delete*, FileOutputStream, FileWriter, FileChannel.open,"
                + " ProcessBuilder.redirectOutput(File), Redirect.to/appendTo, File.delete/mkdirs/...)") {
            @Override
            public boolean test(JavaAccess<?> access) {
                AccessTarget target = access.getTarget();
                String name = target.getName();
                List<String> params = target instanceof AccessTarget.CodeUnitAccessTarget unit
                        ? unit.getRawParameterTypes().stream().map(JavaClass::getName).toList() : List.of();
                return switch (target.getOwner().getName()) {
                    case "java.nio.file.Files" -> FILES.contains(name);
                    case "java.io.File" -> FILE.contains(name);
                    case "java.io.FileOutputStream", "java.io.FileWriter" -> name.equals("<init>");
                    case "java.io.PrintWriter", "java.io.PrintStream", "java.util.Formatter" -> name.equals("<init>")
                            && !params.isEmpty() && Set.of("java.io.File", "java.lang.String").contains(params.get(0));
                    case "java.io.RandomAccessFile" -> name.startsWith("write") || name.equals("setLength");
                    case "java.nio.channels.FileChannel", "java.nio.channels.AsynchronousFileChannel" -> CHANNEL.contains(name);
                    case "java.lang.ProcessBuilder" -> (name.equals("redirectOutput") || name.equals("redirectError"))
                            && params.equals(List.of("java.io.File"));
                    case "java.lang.ProcessBuilder$Redirect" -> name.equals("to") || name.equals("appendTo");
                    default -> false;
                };
            }
        };

        private FileWrites() {
        }
    }
}
