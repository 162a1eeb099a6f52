package dev.vmnet.notifications;

import static dev.vmnet.support.Credentials.user;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.vmnet.support.Api;
import dev.vmnet.support.NetworkState;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An email rule sends a real mail over SMTP (GreenMail, in process, where the test profile's MAIL_HOST points). */
@QuarkusTest
class MailNotificationTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(39025, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @Inject
    NetworkState state;

    RequestSpecification ops;

    @BeforeEach
    void reset() {
        state.reset();
        ops = user("ops", "admin");
    }

    @Test
    void aRuleMailsWhatHappenedToWhatByWhomWhenAndTheResult() throws Exception {
        // the spec's example, with the caller's own user
        ops.body("{\"event_type\": \"create\", \"resource_type\": \"vm\", \"delivery_method\": \"email\", \"target\": \"admin@example.com\"}")
                .post("/v1/notifications/rules/").then().statusCode(201)
                .body("delivery_method", equalTo("email")).body("target", equalTo("admin@example.com"))
                .body("signing_secret", nullValue());
        String ip = Api.provision("web-01", "52:54:00:00:00:01", 10, 32000).then().statusCode(201).extract().path("internal_ip");
        // a delete is not asked for: no second mail
        Api.api().delete("/v1/vms/web-01").then().statusCode(200);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SMTP.getReceivedMessages().length == 1);
        Thread.sleep(500);
        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertEquals(1, mails.length);
        MimeMessage mail = mails[0];
        assertEquals("admin@example.com", mail.getAllRecipients()[0].toString());
        assertEquals("vmnet@localhost", mail.getFrom()[0].toString());
        assertEquals("[vmnet] vm.create web-01: success", mail.getSubject());
        String body = GreenMailUtil.getBody(mail);
        String actor = state.rows("SELECT actor FROM audit_log WHERE action = 'vm.provision'").get(0).getString("actor");
        for (String part : new String[] {"What:   vm.create", "Target: vm web-01", "By:     " + actor, "When:   ", "Result: success",
                "\"internal_ip\" : \"" + ip + "\""}) {
            assertTrue(body.contains(part), () -> "the mail says " + part + ":\n" + body);
        }
        ops.get("/v1/notifications/history/").then().statusCode(200).body("[0].status", equalTo("delivered"))
                .body("[0].method", equalTo("email")).body("[0].target", equalTo("admin@example.com"));
    }

    @Test
    void badRulesAreRefusedAndNothingIsStored() {
        for (String[] bad : new String[][] {
                {"{\"event_type\": \"create\", \"resource_type\": \"vm\", \"delivery_method\": \"sms\", \"target\": \"x\"}",
                        "INVALID_DELIVERY_METHOD"},
                {"{\"event_type\": \"create\", \"resource_type\": \"vm\", \"delivery_method\": \"email\", \"target\": \"not-a-mail\"}",
                        "INVALID_TARGET"},
                {"{\"event_type\": \"create\", \"resource_type\": \"vm\", \"delivery_method\": \"email\","
                        + " \"target\": \"a@example.com\\r\\nBcc: b@example.com\"}", "INVALID_TARGET"},
                {"{\"event_type\": \"Create!\", \"resource_type\": \"vm\", \"delivery_method\": \"email\", \"target\": \"a@example.com\"}",
                        "INVALID_EVENT_TYPE"},
                {"{\"event_type\": \"create\", \"delivery_method\": \"email\", \"target\": \"a@example.com\"}", "INVALID_RESOURCE_TYPE"},
                {"{\"event_type\": \"create\", \"resource_type\": \"vm\", \"delivery_method\": \"webhook\", \"target\": \"file:///etc/passwd\"}",
                        "INVALID_TARGET"},
                {"{\"user_id\": 999999, \"event_type\": \"*\", \"resource_type\": \"*\", \"delivery_method\": \"email\","
                        + " \"target\": \"a@example.com\"}", "UNKNOWN_USER"}}) {
            ops.body(bad[0]).post("/v1/notifications/rules/").then().statusCode(422).body("code", equalTo(bad[1]));
        }
        assertEquals(0, state.count("SELECT count(*) FROM notification_rule"));
    }
}
