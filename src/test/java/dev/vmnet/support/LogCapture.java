package dev.vmnet.support;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** The log lines of one logger (and its children) while open: {@code try (var log = LogCapture.of(...)) {...}}. */
public final class LogCapture extends Handler implements AutoCloseable {

    private final String logger;
    private final List<String> lines = new ArrayList<>();

    private LogCapture(String logger) {
        this.logger = logger;
        setLevel(Level.ALL);
        Logger.getLogger("").addHandler(this);
    }

    public static LogCapture of(Class<?> logger) {
        return new LogCapture(logger.getName());
    }

    /** Every logger's lines. */
    public static LogCapture all() {
        return new LogCapture("");
    }

    /** "LEVEL message" of every line logged so far. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLoggerName() != null && record.getLoggerName().startsWith(logger)) {
            String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
            synchronized (lines) {
                lines.add(record.getLevel() + " " + message);
            }
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
    }
}
