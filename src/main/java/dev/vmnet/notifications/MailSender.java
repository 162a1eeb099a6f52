package dev.vmnet.notifications;

import dev.vmnet.events.Event;
import dev.vmnet.events.EventsConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.format.DateTimeFormatter;

/** Mails an event over SMTP (Quarkus Mailer: MAIL_HOST, MAIL_PORT, MAIL_FROM, ...): what happened, to what, by whom, when, and the result. */
@ApplicationScoped
public class MailSender {

    private final ReactiveMailer mailer;
    private final EventsConfig config;

    public MailSender(ReactiveMailer mailer, EventsConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    public boolean configured() {
        return config.mailHost().isPresent();
    }

    public Uni<Void> send(String to, Event event) {
        if (!configured()) {
            return Uni.createFrom().failure(new SendFailure("mail is not configured (MAIL_HOST)", true));
        }
        return mailer.send(Mail.withText(to, subject(event), body(event)))
                .ifNoItem().after(config.deliveryTimeout()).failWith(() -> new SendFailure(
                        "the mail server did not answer within " + config.deliveryTimeout().toSeconds() + "s", false))
                .onFailure(failure -> !(failure instanceof SendFailure))
                .transform(failure -> new SendFailure("SMTP: " + failure.getMessage(), false));
    }

    static String subject(Event event) {
        return "[vmnet] " + event.type() + (event.resourceId() == null ? "" : " " + event.resourceId()) + ": " + event.result();
    }

    static String body(Event event) {
        return "What:   " + event.type() + "\n"
                + "Target: " + event.resourceType() + (event.resourceId() == null ? "" : " " + event.resourceId()) + "\n"
                + "By:     " + event.actor() + "\n"
                + "When:   " + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.at()) + "\n"
                + "Result: " + event.result() + "\n"
                + "Event:  " + event.id() + "\n"
                + (event.data() == null || event.data().isEmpty() ? "" : "\n" + event.data().toPrettyString() + "\n");
    }
}
