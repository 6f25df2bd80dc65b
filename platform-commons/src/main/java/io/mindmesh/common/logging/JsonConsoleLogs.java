package io.mindmesh.common.logging;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * With {@code mindmesh.log.format=json} (LOG_FORMAT=json, what the Helm chart sets) the console
 * writes {@link JsonLineFormatter} lines. Installed on the console handler as the application
 * starts, before the other start-up observers: the few lines Quarkus writes while booting stay
 * in the plain format. (Quarkus' own JSON logging extension is not used because its build-time
 * part is not available from the package registry this project builds with.)
 */
public class JsonConsoleLogs {

    public enum Format { TEXT, JSON }

    @ConfigMapping(prefix = "mindmesh.log")
    public interface Config {
        /** text (the console pattern of quarkus.log.console.format) or json (one object per line). */
        @WithDefault("text")
        Format format();
    }

    void install(@Observes @Priority(1) StartupEvent event, Config config) {
        if (config.format() == Format.JSON) {
            useJson(LogContext.getLogContext().getLogger("").getHandlers());
        }
    }

    /** Quarkus wraps the console handler in its own handlers (delayed start, async). */
    private static void useJson(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler) {
                handler.setFormatter(new JsonLineFormatter());
            } else if (handler instanceof ExtHandler nested) {
                useJson(nested.getHandlers());
            }
        }
    }
}
