package dev.orun.cli.support;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Builds commands and mixins, handing the {@link CliContext} to those whose constructor takes it. A class with a
 * no-argument constructor is built directly, not through picocli's default factory, so the fast path (which builds
 * its commands with this factory too) loads no {@code picocli.CommandLine}.
 */
public final class OrunFactory implements CommandLine.IFactory {
    private final CliContext ctx;

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
            try {
                Constructor<K> c = cls.getDeclaredConstructor();
                c.setAccessible(true);
                return c.newInstance();
            } catch (NoSuchMethodException none) {
                return CommandLine.defaultFactory().create(cls); // interfaces and collections picocli knows
            }
        }
    }
}
