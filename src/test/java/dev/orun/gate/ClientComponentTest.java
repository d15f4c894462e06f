package dev.orun.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {client_component} as the seed's discoverClientComponent finds it: /Client\.(tsx|jsx)$/ on the folder's names. */
class ClientComponentTest {
    @TempDir
    Path root;

    @Test
    void theFirstNameEndingInClientTsxOrJsxInSortedOrder() throws IOException {
        Path essay = Files.createDirectories(root.resolve("src/essays/e"));
        for (String n : new String[]{"page.tsx", "Client.tsx.bak", "zClient.jsx", "EssayClient.tsx", "aClient.ts"}) {
            Files.writeString(essay.resolve(n), "x");
        }
        Files.createDirectories(essay.resolve("sub")).resolve("AClient.tsx").toFile().createNewFile();
        assertEquals("src/essays/e/EssayClient.tsx", ClientComponent.discover(root, "src/essays/e"));
        assertEquals("src/essays/e/EssayClient.tsx", ClientComponent.discover(root, "./src/essays/e/"));
        Files.delete(essay.resolve("EssayClient.tsx"));
        assertEquals("src/essays/e/zClient.jsx", ClientComponent.discover(root, "src/essays/e"));
    }

    @Test
    void aNameWithAnythingAfterTheExtensionIsNotOne() throws IOException {
        Path essay = Files.createDirectories(root.resolve("e"));
        Files.writeString(essay.resolve("EssayClient.tsx\n"), "x"); // JS's $ is the very end; Java's would match here
        Files.writeString(essay.resolve("EssayClient.TSX"), "x");
        assertNull(ClientComponent.discover(root, "e"));
    }

    @Test
    void noFolderOrOneOutsideTheRepositoryHasNone() {
        assertNull(ClientComponent.discover(root, "missing"));
        assertNull(ClientComponent.discover(root, "../elsewhere"));
        assertNull(ClientComponent.discover(root, ""));
        assertNull(ClientComponent.discover(root, null));
    }
}
