package dev.vmnet.notifications;

import dev.vmnet.events.Event;
import dev.vmnet.events.EventPatterns;
import dev.vmnet.events.EventRepository;
import dev.vmnet.identity.Caller;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A notification rule or an active integration, as the dispatcher matches events against it: the
 * user it acts as (it sees what that user may read) and what it asks for.
 */
record Subscriber(Long ruleId, Long integrationId, long userId, Caller user, String method, String target, String eventType,
        String resourceType, List<String> patterns, OffsetDateTime createdAt) {

    /** An event it asks for, may see, and that happened after it was made (an event waiting for dispatch may be older). */
    boolean wants(EventRepository.Stored stored) {
        Event event = stored.event();
        if (event.at().isBefore(createdAt)) {
            return false;
        }
        boolean asked = ruleId != null
                ? (eventType.equals("*") || eventType.equals(event.eventType()))
                        && (resourceType.equals("*") || resourceType.equals(event.resourceType()))
                : EventPatterns.matches(patterns, event.type());
        return asked && stored.readers().let(user, stored.owner());
    }
}
