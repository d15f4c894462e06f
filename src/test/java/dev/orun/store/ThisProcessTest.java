package dev.orun.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ThisProcessTest {
    @Test
    @EnabledOnOs(OS.LINUX)
    void proc_self_names_the_pid_the_jdk_gives() {
        assertEquals(ProcessHandle.current().pid(), ThisProcess.fromProc());
    }

    @Test
    void the_pid_is_the_jdk_s_on_every_system() {
        assertEquals(ProcessHandle.current().pid(), ThisProcess.pid());
    }
}
