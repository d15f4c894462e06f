package dev.orun.cli.support;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/** Builds commands and mixins, handing the {@link CliContext} to those whose constructor takes it. */
public final class OrunFactory implements CommandLine.IFactory {
    private final CliContext ctx;
    private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

    public OrunFactory(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        try {
            Constructor<K> c = cls.getDeclaredConstructor(CliContext.class);
            c.setAccessible(true);
            return c.newInstance(ctx);
        } catch (NoSuchMethodException e) {
            return fallback.create(cls);
        }
    }
}
