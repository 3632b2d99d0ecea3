package io.layerx.cli;

import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Creates commands and mixins for picocli, handing the {@link Context} to those whose constructor takes one.
 */
final class ContextFactory implements CommandLine.IFactory {

    private final Context context;

    ContextFactory(Context context) {
        this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        Constructor<K> withContext;
        try {
            withContext = type.getDeclaredConstructor(Context.class);
        } catch (NoSuchMethodException e) {
            return CommandLine.defaultFactory().create(type);
        }
        withContext.setAccessible(true);
        return withContext.newInstance(context);
    }
}
