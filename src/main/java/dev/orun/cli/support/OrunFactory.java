package dev.orun.cli.support;

import picocli.CommandLine;

import java.lang.reflect.Constructor;

/**
 * Builds commands and mixins, handing each what its constructor takes: the {@link Services}, the {@link Output}
 * or the {@link CliContext} of this invocation (all three made once, by {@code Main}). A class with a
 * no-argument constructor is built directly, not through picocli's default factory, so the fast path (which builds
 * its commands with this factory too) loads no {@code picocli.CommandLine}.
 */
public final class OrunFactory implements CommandLine.IFactory {
    private final Services services;
    private final Output output;

    public OrunFactory(Services services, Output output) {
        this.services = services;
        this.output = output;
    }

    public Services services() {
        return services;
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
        Constructor<?> plain = null;
        for (Constructor<?> c : cls.getDeclaredConstructors()) {
            Class<?>[] params = c.getParameterTypes();
            Object arg = params.length != 1 ? null : params[0] == Services.class ? services
                    : params[0] == Output.class ? output : params[0] == CliContext.class ? services.ctx() : null;
            if (arg != null) {
                c.setAccessible(true);
                return cls.cast(c.newInstance(arg));
            }
            plain = params.length == 0 ? c : plain;
        }
        if (plain != null) {
            plain.setAccessible(true);
            return cls.cast(plain.newInstance());
        }
        return CommandLine.defaultFactory().create(cls); // interfaces and collections picocli knows
    }
}
