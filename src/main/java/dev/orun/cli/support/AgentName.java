package dev.orun.cli.support;

/** The {@code --agent} of gate start, gate exec and invocation record. */
public final class AgentName {
    private AgentName() {
    }

    /** An --agent given empty would be recorded as a nameless agent: refused before anything is written. */
    public static String check(String agent) {
        if (agent != null && agent.isBlank()) {
            throw dev.orun.error.OrunException.usage("--agent is empty: name who does the work (e.g. --agent greeter)");
        }
        String control = agent == null ? null : dev.orun.schema.ControlCharacters.first(agent, false);
        if (control != null) {
            throw dev.orun.error.OrunException.usage("--agent '" + dev.orun.schema.ControlCharacters.printable(agent)
                    + "' contains the control character " + control + ": remove it");
        }
        return agent;
    }
}
